-- One database per service, each owned by a role of its own (as in production, where
-- CloudNativePG does this), the web front end's sessions too. Development passwords only.
CREATE ROLE identity LOGIN PASSWORD 'identity';
CREATE DATABASE identity OWNER identity;
CREATE ROLE invitations LOGIN PASSWORD 'invitations';
CREATE DATABASE invitations OWNER invitations;
CREATE ROLE competencies LOGIN PASSWORD 'competencies';
CREATE DATABASE competencies OWNER competencies;
CREATE ROLE documents LOGIN PASSWORD 'documents';
CREATE DATABASE documents OWNER documents;
CREATE ROLE notifications LOGIN PASSWORD 'notifications';
CREATE DATABASE notifications OWNER notifications;
CREATE ROLE web LOGIN PASSWORD 'web';
CREATE DATABASE web OWNER web;
