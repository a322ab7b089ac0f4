CREATE TABLE visits (page text PRIMARY KEY, total integer NOT NULL);
