-- ExternalInfo (OMERO's details.externalInfo): what an object is called in another
-- system. Any object, users and groups included, may point at one (external_id, at
-- most one object per row). obj ext-info-set replaces it. It has no owner or group
-- of its own: it is read and changed as part of its object, so chown and chgrp take
-- it along, and deleting the object deletes it (the triggers below, which cost a
-- deleted row nothing unless it has one).
CREATE TABLE externalinfo (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    entityid    INTEGER NOT NULL,
    entitytype  TEXT    NOT NULL,
    lsid        TEXT,
    uuid        TEXT,
    creation_id INTEGER NOT NULL REFERENCES event (id)
);

ALTER TABLE project ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX project_external ON project (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER project_externalinfo_delete AFTER DELETE ON project
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE dataset ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX dataset_external ON dataset (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER dataset_externalinfo_delete AFTER DELETE ON dataset
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE folder ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX folder_external ON folder (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER folder_externalinfo_delete AFTER DELETE ON folder
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE screen ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX screen_external ON screen (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER screen_externalinfo_delete AFTER DELETE ON screen
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE plate ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX plate_external ON plate (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER plate_externalinfo_delete AFTER DELETE ON plate
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE well ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX well_external ON well (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER well_externalinfo_delete AFTER DELETE ON well
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE fileset ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX fileset_external ON fileset (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER fileset_externalinfo_delete AFTER DELETE ON fileset
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE image ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX image_external ON image (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER image_externalinfo_delete AFTER DELETE ON image
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE wellsample ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX wellsample_external ON wellsample (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER wellsample_externalinfo_delete AFTER DELETE ON wellsample
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE roi ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX roi_external ON roi (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER roi_externalinfo_delete AFTER DELETE ON roi
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE originalfile ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX originalfile_external ON originalfile (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER originalfile_externalinfo_delete AFTER DELETE ON originalfile
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE annotation ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX annotation_external ON annotation (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER annotation_externalinfo_delete AFTER DELETE ON annotation
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE projectdatasetlink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX projectdatasetlink_external ON projectdatasetlink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER projectdatasetlink_externalinfo_delete AFTER DELETE ON projectdatasetlink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE datasetimagelink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX datasetimagelink_external ON datasetimagelink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER datasetimagelink_externalinfo_delete AFTER DELETE ON datasetimagelink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE folderimagelink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX folderimagelink_external ON folderimagelink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER folderimagelink_externalinfo_delete AFTER DELETE ON folderimagelink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE folderroilink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX folderroilink_external ON folderroilink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER folderroilink_externalinfo_delete AFTER DELETE ON folderroilink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE screenplatelink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX screenplatelink_external ON screenplatelink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER screenplatelink_externalinfo_delete AFTER DELETE ON screenplatelink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE projectannotationlink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX projectannotationlink_external ON projectannotationlink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER projectannotationlink_externalinfo_delete AFTER DELETE ON projectannotationlink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE datasetannotationlink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX datasetannotationlink_external ON datasetannotationlink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER datasetannotationlink_externalinfo_delete AFTER DELETE ON datasetannotationlink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE imageannotationlink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX imageannotationlink_external ON imageannotationlink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER imageannotationlink_externalinfo_delete AFTER DELETE ON imageannotationlink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE folderannotationlink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX folderannotationlink_external ON folderannotationlink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER folderannotationlink_externalinfo_delete AFTER DELETE ON folderannotationlink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE screenannotationlink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX screenannotationlink_external ON screenannotationlink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER screenannotationlink_externalinfo_delete AFTER DELETE ON screenannotationlink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE plateannotationlink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX plateannotationlink_external ON plateannotationlink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER plateannotationlink_externalinfo_delete AFTER DELETE ON plateannotationlink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE wellannotationlink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX wellannotationlink_external ON wellannotationlink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER wellannotationlink_externalinfo_delete AFTER DELETE ON wellannotationlink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE roiannotationlink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX roiannotationlink_external ON roiannotationlink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER roiannotationlink_externalinfo_delete AFTER DELETE ON roiannotationlink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE filesetannotationlink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX filesetannotationlink_external ON filesetannotationlink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER filesetannotationlink_externalinfo_delete AFTER DELETE ON filesetannotationlink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE originalfileannotationlink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX originalfileannotationlink_external ON originalfileannotationlink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER originalfileannotationlink_externalinfo_delete AFTER DELETE ON originalfileannotationlink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE annotationannotationlink ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX annotationannotationlink_external ON annotationannotationlink (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER annotationannotationlink_externalinfo_delete AFTER DELETE ON annotationannotationlink
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE experimenter ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX experimenter_external ON experimenter (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER experimenter_externalinfo_delete AFTER DELETE ON experimenter
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;

ALTER TABLE experimentergroup ADD COLUMN external_id INTEGER REFERENCES externalinfo (id);
CREATE UNIQUE INDEX experimentergroup_external ON experimentergroup (external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER experimentergroup_externalinfo_delete AFTER DELETE ON experimentergroup
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;
