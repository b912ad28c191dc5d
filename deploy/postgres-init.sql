-- One database per service (each service owns its datastore).
CREATE DATABASE identity;
CREATE DATABASE invitations;
CREATE DATABASE competencies;
CREATE DATABASE documents;
CREATE DATABASE notifications;
