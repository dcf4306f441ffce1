#!/bin/sh
# MODEL_SOURCE (s3://bucket/prefix/) -> MODEL_TARGET (a directory). Optional: S3_ENDPOINT (MinIO
# and other S3-compatible stores), MODELS (comma-separated: copy only these top-level folders,
# each of which must exist: a missing one fails the copy, exit status 1). Credentials: the AWS
# default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the logsieve-s3 Secret, or the
# pod's web identity).
# Used with MODEL_SOURCE=s3://.../bundles/current/ (the whole bundle, for the Flink pods) and with
# MODEL_SOURCE=s3://.../bundles/current/triton/ MODELS=logllm_encoder,logllm_classifier (Triton's
# model repository).
set -eu
: "${MODEL_SOURCE:?set MODEL_SOURCE to s3://bucket/prefix/}"
: "${MODEL_TARGET:?set MODEL_TARGET to a directory}"
endpoint=""
[ -n "${S3_ENDPOINT:-}" ] && endpoint="--endpoint-url ${S3_ENDPOINT}"
src="${MODEL_SOURCE%/}"
mkdir -p "$MODEL_TARGET"
if [ -z "${MODELS:-}" ]; then
  # shellcheck disable=SC2086
  aws $endpoint s3 sync --only-show-errors "$src/" "$MODEL_TARGET/"
else
  for m in $(echo "$MODELS" | tr ',' ' '); do
    # shellcheck disable=SC2086
    if aws $endpoint s3 ls "$src/$m/" > /dev/null 2>&1; then
      # shellcheck disable=SC2086
      aws $endpoint s3 sync --only-show-errors "$src/$m/" "$MODEL_TARGET/$m/"
    else
      echo "load.sh: $src/$m/ not found" >&2
      missing="${missing:-}${missing:+,}$m"
    fi
  done
  if [ -n "${missing:-}" ]; then
    echo "load.sh: $src/ lacks $missing (needed: $MODELS)" >&2
    exit 1
  fi
fi
# Triton and Flink run as other users than this one: the files must be readable by all.
chmod -R a+rX "$MODEL_TARGET"
echo "load.sh: $(find "$MODEL_TARGET" -type f | wc -l) files in $MODEL_TARGET"
