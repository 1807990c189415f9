# Sums the guest instructions executed, from a qemu-user log made with
# -d nochain,exec,in_asm[,strace]: in_asm prints each translation block once (one "0x<pc>:"
# line per instruction), exec prints a "Trace" line each time a block runs (nochain: every
# time, not only when entered from outside a chain). A block counts as many instructions as
# its latest translation. With strace, each image file opened (.jpg/.png/.pgm) prints
# "open <path> <instructions so far>", so that a read's cost is the difference between
# the opening of its image and of the next one. Prints "total <instructions>" at the end.
# Checked on a loop of known length: 6 x 10^7 + start-up, exact.
/^IN:/ { inblock = 1; n = 0; pc = ""; next }
inblock && /^0x[0-9a-f]+:/ { if (n == 0) pc = substr($1, 3, length($1) - 3); n++; next }
inblock && NF == 0 { if (pc != "") size[pc] = n; inblock = 0; next }
/^Trace / { split($4, f, "/"); pc = f[2]; sub(/^0+/, "", pc); if (!(pc in size)) unknown++; total += size[pc]; next }
/openat\(/ && match($0, /"[^"]*\.(jpg|png|pgm)"/) { printf "open %s %.0f\n", substr($0, RSTART + 1, RLENGTH - 2), total }
END {
  printf "total %.0f\n", total
  if (unknown) printf "blocks run without a translation seen: %d\n", unknown > "/dev/stderr"
}
