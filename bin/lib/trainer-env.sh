# The trainer's process settings, for the scripts that train (sourced, not run).
# Bit-repeatable training (docs/operations.md#repeatable-training); a setting the caller made wins.
export MKL_DYNAMIC=${MKL_DYNAMIC:-FALSE} MKL_CBWR=${MKL_CBWR:-AUTO}
# tcmalloc when installed (docs/operations.md#training-speed): with the C library's malloc every step
# maps and unmaps libtorch's large buffers afresh, and its page faults cost a quarter of a step.
# MCQA_TRAINER_PRELOAD set (even empty) wins.
if [ -z "${MCQA_TRAINER_PRELOAD+set}" ]; then
  MCQA_TRAINER_PRELOAD=$(PATH=$PATH:/sbin:/usr/sbin ldconfig -p 2>/dev/null | awk '/libtcmalloc_minimal\.so\.4 /{print $NF; exit}')
  if [ -z "$MCQA_TRAINER_PRELOAD" ]; then
    echo "note: tcmalloc is not installed (Debian: apt-get install libtcmalloc-minimal4); training runs slower without it" >&2
  fi
fi
export MCQA_TRAINER_PRELOAD
