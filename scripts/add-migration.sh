#!/usr/bin/env bash
# Adds one EF Core migration for BOTH database providers, from the current model:
#   SQLite     -> src/AdminPortal.Web/Data/Migrations            (AdminPortalDbContext)
#   PostgreSQL -> src/AdminPortal.Web/Data/PostgreSql/Migrations  (PostgreSqlDbContext)
# Usage: scripts/add-migration.sh <Name>                 both providers (every model change)
#        scripts/add-migration.sh --postgresql <Name>    PostgreSQL only (catching up after merging SQLite-only migrations)
set -euo pipefail
cd "$(dirname "$0")/.."

only=""
if [ "${1:-}" = "--postgresql" ] || [ "${1:-}" = "--sqlite" ]; then
  only="${1#--}"
  shift
fi
name="${1:?usage: scripts/add-migration.sh [--postgresql|--sqlite] <Name>}"

dotnet tool restore >/dev/null
dotnet build src/AdminPortal.Web -nologo -clp:ErrorsOnly
if [ "$only" != "postgresql" ]; then
  dotnet ef migrations add "$name" --project src/AdminPortal.Web --context AdminPortalDbContext \
    --output-dir Data/Migrations --no-build
fi
if [ "$only" != "sqlite" ]; then
  dotnet ef migrations add "$name" --project src/AdminPortal.Web --context PostgreSqlDbContext \
    --output-dir Data/PostgreSql/Migrations --no-build
fi
