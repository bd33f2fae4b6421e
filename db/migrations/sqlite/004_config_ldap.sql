-- Server configuration and the DN each directory user logs in as.
--
-- config holds OMERO's server keys that this tool reads (omero.ldap.*,
-- omero.security.ignore_case, omero.sessions.maximum), in the database so that every
-- machine sharing it sees the same; a key without a row has its default. The id is
-- what the audit trail records a change of (Config:ID).
CREATE TABLE config (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    name  TEXT    NOT NULL UNIQUE,
    value TEXT    NOT NULL
);

-- The directory entry an LDAP-flagged user was created from, or first logged in as
-- after ldap setdn: a login finding another DN for the name is refused (OMERO's
-- "DNs don't match"). ldap setdn forgets it, so that the next login records the DN
-- the directory has then.
CREATE TABLE experimenter_ldap (
    experimenter_id INTEGER PRIMARY KEY REFERENCES experimenter (id),
    dn              TEXT    NOT NULL
);
