#!/usr/bin/env python3
"""Disassemble a C2-compiled method from a JVM's -XX:CompileCommand=print output with objdump.

Why: Debian's hsdis plugin (apt-get install libhsdis0-fcml) loads into JDK 25 but prints only hex words, so the
machine code is rebuilt from those words here and handed to objdump (binutils). Used to count the instructions of
the GEMM micro-kernel's k loop (see VectorGemmKernel's class comment).

usage:
  ln -sf /usr/lib/x86_64-linux-gnu/libhsdis.so.0 /tmp/hsdis-amd64.so
  LD_LIBRARY_PATH=/tmp java -XX:+UnlockDiagnosticVMOptions \
      -XX:CompileCommand=print,deeprf.backend.java.VectorGemmKernel::tile ... > print.txt
  bench/tools/c2_disasm.py print.txt            # the last C2 compilation in the file
  bench/tools/c2_disasm.py print.txt | grep -B12 -A4 vfmadd
"""
import re
import subprocess
import sys


def last_c2_method(lines):
    starts = [i for i, l in enumerate(lines) if 'Compiled method (c2)' in l]
    if not starts:
        sys.exit('c2_disasm: no "Compiled method (c2)" in the input; was the method compiled by C2 while printing?')
    return lines[starts[-1]:]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    lines = last_c2_method(open(sys.argv[1], errors='replace').read().split('\n'))
    code, start, lo, hi = bytearray(), None, None, None
    for line in lines:
        m = re.search(r'main code\s+\[0x([0-9a-f]+),0x([0-9a-f]+)\]', line)
        if m:
            lo, hi = int(m.group(1), 16), int(m.group(2), 16)
            continue
        m = re.match(r'\s*0x([0-9a-f]+):\s+((?:[0-9a-f]{4}\s*\|?\s*)+)$', line.rstrip())
        if not m or lo is None:
            continue
        addr = int(m.group(1), 16)
        if not lo <= addr < hi:
            continue
        if start is None:
            start = addr
        if addr < start + len(code):      # an annotation repeated an address already read
            continue
        code += bytes.fromhex(re.sub(r'[\s|]', '', m.group(2)))
    if not code:
        sys.exit('c2_disasm: found no hex words of the main code section')
    with open('/tmp/c2_disasm.bin', 'wb') as f:
        f.write(code)
    out = subprocess.run(['objdump', '-D', '-b', 'binary', '-mi386:x86-64', '-M', 'intel',
                          '--adjust-vma=%d' % start, '/tmp/c2_disasm.bin'], capture_output=True, text=True, check=True)
    print(out.stdout)


if __name__ == '__main__':
    main()
