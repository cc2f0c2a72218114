#!/bin/sh
# The object store's bucket, policies and users: one script for compose's minio-init service (the
# mc image) and the native runtime (its own mc build, runtime/src/services/object-store.ts).
# Idempotent: every start runs it, and a changed secret or policy is applied again.
#
# Reads, from the environment only (no secret on a command line):
#   MC_HOST_platform   http://<S3_ACCESS_KEY>:<S3_SECRET_KEY>@<host>:<port>, the root credential
#   S3_BUCKET          the lake bucket (staging lives in it)
#   ICEBERG_WAREHOUSE  s3://<bucket>/<root>/<catalog> where the tables live, .../<namespace>/<table>
#   S3_INGEST_SECRET_KEY, S3_SPARK_SECRET_KEY, S3_MAINTENANCE_SECRET_KEY, S3_NOTEBOOK_SECRET_KEY
#
# Each service gets its own user (fixed names, config/src/settings.ts OBJECT_STORE_USERS), allowed
# only what it does; the root credential stays with the store and this script. No bucket is public.
set -eu

warehouse="${ICEBERG_WAREHOUSE#s3://}"
warehouse_bucket="${warehouse%%/*}"
# Every catalog beside the configured one (<root>/<catalog>): the tests give each file its own.
# A policy's * spans slashes, so "<root>/*/raw/*" is any catalog's raw namespace.
tables="arn:aws:s3:::${warehouse%/*}/*"
staging="arn:aws:s3:::${S3_BUCKET}/staging"

mc mb --ignore-existing "platform/${S3_BUCKET}" >/dev/null
mc mb --ignore-existing "platform/${warehouse_bucket}" >/dev/null
mc anonymous set none "platform/${S3_BUCKET}" >/dev/null

# A policy: $1 its name, $2 the object statements (JSON, without the list statement every user
# needs: S3 answers a missing key with 403 instead of 404 to whoever may not list the bucket).
# Through stdin, and no grep or mktemp below: the mc image has a shell and little else.
policy() {
  mc admin policy create platform "$1" /dev/stdin >/dev/null <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
      "Resource": ["arn:aws:s3:::${S3_BUCKET}", "arn:aws:s3:::${warehouse_bucket}"]
    },
    $2
  ]
}
EOF
}

read_write='"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"'

# Ingestion (the tasks image): the raw namespace and its staging, nothing of silver or gold.
policy platform-ingest "{
      \"Effect\": \"Allow\",
      \"Action\": [${read_write}],
      \"Resource\": [\"${tables}/raw/*\", \"${staging}/*\"]
    }"
# The Spark jobs: read raw, write silver and gold.
policy platform-spark "{
      \"Effect\": \"Allow\",
      \"Action\": [\"s3:GetObject\"],
      \"Resource\": [\"${tables}/raw/*\"]
    },
    {
      \"Effect\": \"Allow\",
      \"Action\": [${read_write}],
      \"Resource\": [\"${tables}/silver/*\", \"${tables}/gold/*\"]
    }"
# Iceberg maintenance (the Spark maintenance job): rewrites and expires every namespace's files.
policy platform-maintenance "{
      \"Effect\": \"Allow\",
      \"Action\": [${read_write}],
      \"Resource\": [\"${tables}/*\"]
    }"
# Notebooks: read the tables, write nothing.
policy platform-notebook "{
      \"Effect\": \"Allow\",
      \"Action\": [\"s3:GetObject\"],
      \"Resource\": [\"${tables}/*\"]
    }"

# A user: $1 its access key (and policy name), $2 its secret key, which mc reads from stdin: never
# on a command line, and a key that starts with "-" is not taken for a flag.
user() {
  printf '%s\n' "$2" | mc admin user add platform "$1" >/dev/null
  case "$(mc admin user info platform "$1")" in
    *"PolicyName: $1"*) ;;
    *) mc admin policy attach platform "$1" --user "$1" >/dev/null ;;
  esac
}

user platform-ingest "${S3_INGEST_SECRET_KEY:?set S3_INGEST_SECRET_KEY}"
user platform-spark "${S3_SPARK_SECRET_KEY:?set S3_SPARK_SECRET_KEY}"
user platform-maintenance "${S3_MAINTENANCE_SECRET_KEY:?set S3_MAINTENANCE_SECRET_KEY}"
user platform-notebook "${S3_NOTEBOOK_SECRET_KEY:?set S3_NOTEBOOK_SECRET_KEY}"
echo "object store: bucket ${S3_BUCKET}, users platform-ingest, platform-spark, platform-maintenance, platform-notebook"
