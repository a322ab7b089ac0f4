-- The official image creates POSTGRES_DB (api) on first start; docs gets a database of its own.
CREATE DATABASE docs;
