#!/bin/bash
# Creates one database and one role per Opora process (gateway, identification, roadmap, reports).
# The postgres image runs this once, when its data volume is still empty, as the superuser
# POSTGRES_USER. Each role owns only its own database; passwords come from the container's
# environment (docker-compose.yml passes them from deploy/.env), never from this file.
# Each service's Alembic migrations create the tables later, when that service starts.
set -euo pipefail

create_database() {
    local name="$1" password="$2"
    if [[ -z "$password" ]]; then
        echo "init.sh: no password given for ${name}" >&2
        exit 1
    fi
    # psql variables (:"name" is quoted as an identifier, :'password' as a literal) keep the
    # values out of the SQL text.
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
        -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
GRANT ALL ON DATABASE :"name" TO :"name";
SQL
}

create_database opora_gateway "${GATEWAY_DB_PASSWORD:-}"
create_database opora_identification "${IDENTIFICATION_DB_PASSWORD:-}"
create_database opora_roadmap "${ROADMAP_DB_PASSWORD:-}"
create_database opora_reports "${REPORTS_DB_PASSWORD:-}"
