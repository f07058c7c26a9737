#!/usr/bin/env bash
# Queues the sweep array and its merge:
#   RESULTS=/shared/untangle SHARDS=8 SEEDS=8 deploy/slurm/submit.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SHARDS=${SHARDS:-8}
export RESULTS=${RESULTS:?set RESULTS to a folder on a file system every node shares} SEEDS=${SEEDS:-8} UNTANGLE=${UNTANGLE:-untangle}
mkdir -p "$RESULTS"
# --parsable prints "id" or "id;cluster".
ARRAY_ID=$(sbatch --parsable --array="0-$((SHARDS - 1))" --export=ALL "$here/sweep.sbatch")
ARRAY_ID=${ARRAY_ID%%;*}
MERGE_ID=$(sbatch --parsable --dependency="afterok:$ARRAY_ID" --export=ALL "$here/merge.sbatch")
echo "sweep array $ARRAY_ID (${SHARDS} tasks), merge ${MERGE_ID%%;*} after it; results in $RESULTS"
