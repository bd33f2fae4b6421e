-- Users, groups, memberships, passwords, admin-privilege restrictions, sessions and
-- the audit trail. Column names follow OMERO's tables where there is one.

CREATE TABLE experimentergroup (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT,
    ldap        INTEGER NOT NULL DEFAULT 0 CHECK (ldap IN (0, 1)),
    permissions INTEGER NOT NULL,
    version     INTEGER
);

CREATE TABLE experimenter (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    omename     TEXT    NOT NULL UNIQUE,
    firstname   TEXT    NOT NULL,
    middlename  TEXT,
    lastname    TEXT    NOT NULL,
    institution TEXT,
    email       TEXT,
    ldap        INTEGER NOT NULL DEFAULT 0 CHECK (ldap IN (0, 1)),
    version     INTEGER
);

-- Memberships: one row per (group, user); child_index orders a user's groups and
-- index 0 is the default group (R-ROLE-3).
CREATE TABLE groupexperimentermap (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES experimentergroup (id),
    child       INTEGER NOT NULL REFERENCES experimenter (id),
    owner       INTEGER NOT NULL DEFAULT 0 CHECK (owner IN (0, 1)),
    child_index INTEGER NOT NULL,
    UNIQUE (parent, child),
    UNIQUE (child, child_index)
);
CREATE INDEX groupexperimentermap_parent ON groupexperimentermap (parent, owner);

-- The ordered config map of a user; admin-privilege restrictions live here as
-- AdminPrivilege:<name> entries (R-PRIV-2).
CREATE TABLE experimenter_config (
    experimenter_id INTEGER NOT NULL REFERENCES experimenter (id),
    idx             INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    value           TEXT    NOT NULL,
    PRIMARY KEY (experimenter_id, idx)
);

CREATE TABLE experimentergroup_config (
    experimentergroup_id INTEGER NOT NULL REFERENCES experimentergroup (id),
    idx                  INTEGER NOT NULL,
    name                 TEXT    NOT NULL,
    value                TEXT    NOT NULL,
    PRIMARY KEY (experimentergroup_id, idx)
);

-- bcrypt hashes; a NULL hash never matches (R-PW-5).
CREATE TABLE password (
    experimenter_id INTEGER PRIMARY KEY REFERENCES experimenter (id),
    hash            TEXT,
    changed         INTEGER NOT NULL
);

-- Sessions: the database decides whether a session is alive; files under the
-- session store only point here. Times are epoch milliseconds.
CREATE TABLE session (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid         TEXT    NOT NULL UNIQUE,
    owner_id     INTEGER NOT NULL REFERENCES experimenter (id),
    group_id     INTEGER NOT NULL REFERENCES experimentergroup (id),
    sudoer_id    INTEGER REFERENCES experimenter (id),
    created      INTEGER NOT NULL,
    last_used    INTEGER NOT NULL,
    time_to_idle INTEGER NOT NULL,
    closed       INTEGER,
    agent        TEXT    NOT NULL DEFAULT 'OMERO.cli'
);
CREATE INDEX session_owner ON session (owner_id);

-- Audit trail: one event per command that changed something, one eventlog row per
-- object it touched.
CREATE TABLE event (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    time       INTEGER NOT NULL,
    owner_id   INTEGER NOT NULL REFERENCES experimenter (id),
    sudoer_id  INTEGER REFERENCES experimenter (id),
    session_id INTEGER REFERENCES session (id),
    group_id   INTEGER NOT NULL REFERENCES experimentergroup (id),
    type       TEXT    NOT NULL,
    command    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX event_owner_time ON event (owner_id, time);
CREATE INDEX event_time ON event (time);

CREATE TABLE eventlog (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    INTEGER NOT NULL REFERENCES event (id),
    entity_type TEXT    NOT NULL,
    entity_id   INTEGER NOT NULL,
    action      TEXT    NOT NULL
);
CREATE INDEX eventlog_event ON eventlog (event_id);
CREATE INDEX eventlog_entity ON eventlog (entity_type, entity_id);

-- Root can never leave system or user (R-ROLE-14, R-DB-2), and the built-in names
-- never change (R-ROLE-13, R-DB-3). The Go code checks these first with OMERO's
-- messages; the triggers make the rule hold for any writer of this file.
CREATE TRIGGER prevent_root_deactivate_delete BEFORE DELETE ON groupexperimentermap
WHEN OLD.child = 0 AND OLD.parent IN (0, 1)
BEGIN
    SELECT RAISE(ABORT, 'experimenter ''root'' may not be removed from the ''system'' or ''user'' group');
END;

CREATE TRIGGER prevent_root_deactivate_update BEFORE UPDATE OF parent, child ON groupexperimentermap
WHEN OLD.child = 0 AND OLD.parent IN (0, 1)
BEGIN
    SELECT RAISE(ABORT, 'experimenter ''root'' may not be removed from the ''system'' or ''user'' group');
END;

CREATE TRIGGER prevent_experimenter_rename BEFORE UPDATE OF omename ON experimenter
WHEN NEW.omename <> OLD.omename AND (OLD.id IN (0, 1) OR NEW.omename IN ('root', 'guest'))
BEGIN
    SELECT RAISE(ABORT, 'cannot change name of special experimenter');
END;

CREATE TRIGGER prevent_experimentergroup_rename BEFORE UPDATE OF name ON experimentergroup
WHEN NEW.name <> OLD.name AND (OLD.id IN (0, 1, 2) OR NEW.name IN ('system', 'user', 'guest'))
BEGIN
    SELECT RAISE(ABORT, 'cannot change name of special group');
END;

CREATE TRIGGER prevent_root_privilege_restriction_insert BEFORE INSERT ON experimenter_config
WHEN NEW.experimenter_id = 0 AND NEW.name LIKE 'AdminPrivilege:%' AND lower(NEW.value) <> 'true'
BEGIN
    SELECT RAISE(ABORT, 'cannot remove light administrator privileges from the root user');
END;

CREATE TRIGGER prevent_root_privilege_restriction_update BEFORE UPDATE ON experimenter_config
WHEN NEW.experimenter_id = 0 AND NEW.name LIKE 'AdminPrivilege:%' AND lower(NEW.value) <> 'true'
BEGIN
    SELECT RAISE(ABORT, 'cannot remove light administrator privileges from the root user');
END;
