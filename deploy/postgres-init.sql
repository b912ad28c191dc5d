-- One database per service (each service owns its datastore), the web front end's sessions too.
CREATE DATABASE identity;
CREATE DATABASE invitations;
CREATE DATABASE competencies;
CREATE DATABASE documents;
CREATE DATABASE notifications;
CREATE DATABASE web;
