-- Data objects, their links and annotations (omero-model-graph-detail.md section 2).
--
-- Every table has OMERO's details: owner, group, creation and update event. There is
-- no permissions column: an object's rights are always its group's (R-PERM-2).
-- AUTOINCREMENT gives every table its own id sequence and never reuses an id. All
-- annotation types share one table (and one id space) told apart by discriminator.
-- No ON DELETE CASCADE: what a delete carries along is decided by the graph rules.
-- creation_id and update_id are not indexed: events are never deleted, so nothing
-- looks rows up by them.

CREATE TABLE project (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    description TEXT,
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER
);
CREATE INDEX project_owner ON project (owner_id);
CREATE INDEX project_group ON project (group_id);

CREATE TABLE dataset (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    description TEXT,
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER
);
CREATE INDEX dataset_owner ON dataset (owner_id);
CREATE INDEX dataset_group ON dataset (group_id);

CREATE TABLE folder (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT    NOT NULL,
    description  TEXT,
    parentfolder INTEGER REFERENCES folder (id),
    owner_id     INTEGER NOT NULL REFERENCES experimenter (id),
    group_id     INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id  INTEGER NOT NULL REFERENCES event (id),
    update_id    INTEGER NOT NULL REFERENCES event (id),
    version      INTEGER
);
CREATE INDEX folder_owner ON folder (owner_id);
CREATE INDEX folder_group ON folder (group_id);
CREATE INDEX folder_parentfolder ON folder (parentfolder);

CREATE TABLE screen (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    name                  TEXT    NOT NULL,
    description           TEXT,
    type                  TEXT,
    protocolidentifier    TEXT,
    protocoldescription   TEXT,
    reagentsetidentifier  TEXT,
    reagentsetdescription TEXT,
    owner_id              INTEGER NOT NULL REFERENCES experimenter (id),
    group_id              INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id           INTEGER NOT NULL REFERENCES event (id),
    update_id             INTEGER NOT NULL REFERENCES event (id),
    version               INTEGER
);
CREATE INDEX screen_owner ON screen (owner_id);
CREATE INDEX screen_group ON screen (group_id);

CREATE TABLE plate (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    name                   TEXT    NOT NULL,
    description            TEXT,
    status                 TEXT,
    externalidentifier     TEXT,
    columnnamingconvention TEXT,
    rownamingconvention    TEXT,
    rows                   INTEGER,
    columns                INTEGER,
    defaultsample          INTEGER,
    owner_id               INTEGER NOT NULL REFERENCES experimenter (id),
    group_id               INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id            INTEGER NOT NULL REFERENCES event (id),
    update_id              INTEGER NOT NULL REFERENCES event (id),
    version                INTEGER
);
CREATE INDEX plate_owner ON plate (owner_id);
CREATE INDEX plate_group ON plate (group_id);

CREATE TABLE well (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    plate               INTEGER NOT NULL REFERENCES plate (id),
    "row"               INTEGER,
    "column"            INTEGER,
    status              TEXT,
    type                TEXT,
    externaldescription TEXT,
    externalidentifier  TEXT,
    red                 INTEGER,
    green               INTEGER,
    blue                INTEGER,
    alpha               INTEGER,
    owner_id            INTEGER NOT NULL REFERENCES experimenter (id),
    group_id            INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id         INTEGER NOT NULL REFERENCES event (id),
    update_id           INTEGER NOT NULL REFERENCES event (id),
    version             INTEGER
);
CREATE INDEX well_owner ON well (owner_id);
CREATE INDEX well_group ON well (group_id);
CREATE INDEX well_plate ON well (plate);

CREATE TABLE fileset (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    templateprefix TEXT    NOT NULL,
    owner_id       INTEGER NOT NULL REFERENCES experimenter (id),
    group_id       INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id    INTEGER NOT NULL REFERENCES event (id),
    update_id      INTEGER NOT NULL REFERENCES event (id),
    version        INTEGER
);
CREATE INDEX fileset_owner ON fileset (owner_id);
CREATE INDEX fileset_group ON fileset (group_id);

-- series defaults to 0 as OMERO's database forces it.
CREATE TABLE image (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT    NOT NULL,
    description     TEXT,
    acquisitiondate INTEGER,
    archived        INTEGER CHECK (archived IN (0, 1)),
    partial         INTEGER CHECK (partial IN (0, 1)),
    series          INTEGER DEFAULT 0,
    fileset         INTEGER REFERENCES fileset (id),
    owner_id        INTEGER NOT NULL REFERENCES experimenter (id),
    group_id        INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id     INTEGER NOT NULL REFERENCES event (id),
    update_id       INTEGER NOT NULL REFERENCES event (id),
    version         INTEGER
);
CREATE INDEX image_owner ON image (owner_id);
CREATE INDEX image_group ON image (group_id);
CREATE INDEX image_fileset ON image (fileset);

CREATE TABLE wellsample (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    well        INTEGER NOT NULL REFERENCES well (id),
    image       INTEGER NOT NULL REFERENCES image (id),
    timepoint   INTEGER,
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER
);
CREATE INDEX wellsample_owner ON wellsample (owner_id);
CREATE INDEX wellsample_group ON wellsample (group_id);
CREATE INDEX wellsample_well ON wellsample (well);
CREATE INDEX wellsample_image ON wellsample (image);

CREATE TABLE roi (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    image       INTEGER REFERENCES image (id),
    name        TEXT,
    description TEXT,
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER
);
CREATE INDEX roi_owner ON roi (owner_id);
CREATE INDEX roi_group ON roi (group_id);
CREATE INDEX roi_image ON roi (image);

-- repo is never set through obj (OMERO: only by the server's repositories).
CREATE TABLE originalfile (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    path        TEXT    NOT NULL,
    size        INTEGER,
    hash        TEXT,
    mimetype    TEXT    DEFAULT 'application/octet-stream',
    repo        TEXT,
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER
);
CREATE INDEX originalfile_owner ON originalfile (owner_id);
CREATE INDEX originalfile_group ON originalfile (group_id);

CREATE TABLE annotation (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    discriminator TEXT    NOT NULL,
    ns            TEXT,
    name          TEXT,
    description   TEXT,
    textvalue     TEXT,
    longvalue     INTEGER,
    doublevalue   REAL,
    boolvalue     INTEGER CHECK (boolvalue IN (0, 1)),
    timevalue     INTEGER,
    termvalue     TEXT,
    file          INTEGER REFERENCES originalfile (id),
    owner_id      INTEGER NOT NULL REFERENCES experimenter (id),
    group_id      INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id   INTEGER NOT NULL REFERENCES event (id),
    update_id     INTEGER NOT NULL REFERENCES event (id),
    version       INTEGER
);
CREATE INDEX annotation_owner ON annotation (owner_id);
CREATE INDEX annotation_group ON annotation (group_id);
CREATE INDEX annotation_file ON annotation (file);
CREATE INDEX annotation_discriminator ON annotation (discriminator);

-- A MapAnnotation's ordered key/value pairs, like experimenter_config.
CREATE TABLE annotation_mapvalue (
    annotation_id INTEGER NOT NULL REFERENCES annotation (id),
    idx           INTEGER NOT NULL,
    name          TEXT    NOT NULL,
    value         TEXT    NOT NULL,
    PRIMARY KEY (annotation_id, idx)
);

-- Links: the same parent and child may be linked once per owner.
CREATE TABLE projectdatasetlink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES project (id),
    child       INTEGER NOT NULL REFERENCES dataset (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX projectdatasetlink_owner ON projectdatasetlink (owner_id);
CREATE INDEX projectdatasetlink_group ON projectdatasetlink (group_id);
CREATE INDEX projectdatasetlink_child ON projectdatasetlink (child);

CREATE TABLE datasetimagelink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES dataset (id),
    child       INTEGER NOT NULL REFERENCES image (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX datasetimagelink_owner ON datasetimagelink (owner_id);
CREATE INDEX datasetimagelink_group ON datasetimagelink (group_id);
CREATE INDEX datasetimagelink_child ON datasetimagelink (child);

CREATE TABLE folderimagelink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES folder (id),
    child       INTEGER NOT NULL REFERENCES image (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX folderimagelink_owner ON folderimagelink (owner_id);
CREATE INDEX folderimagelink_group ON folderimagelink (group_id);
CREATE INDEX folderimagelink_child ON folderimagelink (child);

CREATE TABLE folderroilink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES folder (id),
    child       INTEGER NOT NULL REFERENCES roi (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX folderroilink_owner ON folderroilink (owner_id);
CREATE INDEX folderroilink_group ON folderroilink (group_id);
CREATE INDEX folderroilink_child ON folderroilink (child);

CREATE TABLE screenplatelink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES screen (id),
    child       INTEGER NOT NULL REFERENCES plate (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX screenplatelink_owner ON screenplatelink (owner_id);
CREATE INDEX screenplatelink_group ON screenplatelink (group_id);
CREATE INDEX screenplatelink_child ON screenplatelink (child);

CREATE TABLE projectannotationlink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES project (id),
    child       INTEGER NOT NULL REFERENCES annotation (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX projectannotationlink_owner ON projectannotationlink (owner_id);
CREATE INDEX projectannotationlink_group ON projectannotationlink (group_id);
CREATE INDEX projectannotationlink_child ON projectannotationlink (child);

CREATE TABLE datasetannotationlink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES dataset (id),
    child       INTEGER NOT NULL REFERENCES annotation (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX datasetannotationlink_owner ON datasetannotationlink (owner_id);
CREATE INDEX datasetannotationlink_group ON datasetannotationlink (group_id);
CREATE INDEX datasetannotationlink_child ON datasetannotationlink (child);

CREATE TABLE imageannotationlink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES image (id),
    child       INTEGER NOT NULL REFERENCES annotation (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX imageannotationlink_owner ON imageannotationlink (owner_id);
CREATE INDEX imageannotationlink_group ON imageannotationlink (group_id);
CREATE INDEX imageannotationlink_child ON imageannotationlink (child);

CREATE TABLE folderannotationlink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES folder (id),
    child       INTEGER NOT NULL REFERENCES annotation (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX folderannotationlink_owner ON folderannotationlink (owner_id);
CREATE INDEX folderannotationlink_group ON folderannotationlink (group_id);
CREATE INDEX folderannotationlink_child ON folderannotationlink (child);

CREATE TABLE screenannotationlink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES screen (id),
    child       INTEGER NOT NULL REFERENCES annotation (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX screenannotationlink_owner ON screenannotationlink (owner_id);
CREATE INDEX screenannotationlink_group ON screenannotationlink (group_id);
CREATE INDEX screenannotationlink_child ON screenannotationlink (child);

CREATE TABLE plateannotationlink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES plate (id),
    child       INTEGER NOT NULL REFERENCES annotation (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX plateannotationlink_owner ON plateannotationlink (owner_id);
CREATE INDEX plateannotationlink_group ON plateannotationlink (group_id);
CREATE INDEX plateannotationlink_child ON plateannotationlink (child);

CREATE TABLE wellannotationlink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES well (id),
    child       INTEGER NOT NULL REFERENCES annotation (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX wellannotationlink_owner ON wellannotationlink (owner_id);
CREATE INDEX wellannotationlink_group ON wellannotationlink (group_id);
CREATE INDEX wellannotationlink_child ON wellannotationlink (child);

CREATE TABLE roiannotationlink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES roi (id),
    child       INTEGER NOT NULL REFERENCES annotation (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX roiannotationlink_owner ON roiannotationlink (owner_id);
CREATE INDEX roiannotationlink_group ON roiannotationlink (group_id);
CREATE INDEX roiannotationlink_child ON roiannotationlink (child);

CREATE TABLE filesetannotationlink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES fileset (id),
    child       INTEGER NOT NULL REFERENCES annotation (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX filesetannotationlink_owner ON filesetannotationlink (owner_id);
CREATE INDEX filesetannotationlink_group ON filesetannotationlink (group_id);
CREATE INDEX filesetannotationlink_child ON filesetannotationlink (child);

CREATE TABLE originalfileannotationlink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES originalfile (id),
    child       INTEGER NOT NULL REFERENCES annotation (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX originalfileannotationlink_owner ON originalfileannotationlink (owner_id);
CREATE INDEX originalfileannotationlink_group ON originalfileannotationlink (group_id);
CREATE INDEX originalfileannotationlink_child ON originalfileannotationlink (child);

CREATE TABLE annotationannotationlink (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent      INTEGER NOT NULL REFERENCES annotation (id),
    child       INTEGER NOT NULL REFERENCES annotation (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    UNIQUE (parent, child, owner_id)
);
CREATE INDEX annotationannotationlink_owner ON annotationannotationlink (owner_id);
CREATE INDEX annotationannotationlink_group ON annotationannotationlink (group_id);
CREATE INDEX annotationannotationlink_child ON annotationannotationlink (child);
