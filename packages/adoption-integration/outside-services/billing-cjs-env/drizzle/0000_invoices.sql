CREATE TABLE "invoices" ("id" serial PRIMARY KEY NOT NULL, "amount" integer NOT NULL);
