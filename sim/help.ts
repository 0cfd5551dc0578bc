export const HELP = `aix-sim: a simulated AIX LPAR for tests.

Simulator verbs (--root DIR may come before or after the verb):
  init --root DIR [--files N] [--scale BYTES_PER_MB] [--hostname H] [--dialect NAME]
        create the LPAR: hdisk0 rootvg, hdisk1 datavg (/data1 /data2), hdisk2 hdisk3 free,
        hdisk4 free without PVID, hdisk5 an Oracle ASM disk (lquerypv shows ORCLDISK).
        --files: files per file system (default 20); --scale: image payload bytes per MB of
        used space (default 32, images of a few hundred KB); --dialect: aix73 (default),
        bare-paths, restore-x (sim/README.md, Dialects).
  dialects                                the named dialects, one per line
  dialect --root DIR [show]               the LPAR's dialect as JSON
  dialect --root DIR use NAME             switch to a named dialect
  dialect --root DIR set POINT VALUE      change one point (listing, listingHeader, wording,
                                          missingStream, dateDay)
  status --root DIR                       the state as JSON (faults with remaining uses)
  invocations --root DIR [--raw]          the invocation log, one JSON record per run
                                          (--raw: start and end records as written)
  fault --root DIR set --cmd CMD --kind fail [--rc N] [--message TEXT] [--stream stdout|stderr] [--times N]
  fault --root DIR set --cmd CMD --kind kill --after-bytes N [--times N]
  fault --root DIR set --cmd CMD --kind fs-full --after-bytes N [--times N]
  fault --root DIR set --cmd CMD --kind slow --ms M [--times N]
  fault --root DIR set --cmd CMD --kind early-stop --after-bytes N [--times N]
        mksysb/savevg: the image stops at N bytes, rc 0, no 0512 message
  fault --root DIR set --cmd CMD --kind note --message TEXT [--stream stdout|stderr] [--times N]
        print TEXT (an informational message), then run normally
  fault --root DIR clear [--id N] [--cmd CMD]
  fault --root DIR list
  varyoff --root DIR VG                   vary a VG off (lsvg VG then fails with 0516-010)
  varyon --root DIR VG [--concurrent]     vary it on (state active, or concurrent)
  exportvg --root DIR VG                  remove a VG definition, its disks become free
  unreadable --root DIR /ABS/PATH         add a file backup cannot read (0512-003)
  files --root DIR (--mount MP | --vg VG) N   number of files in file systems
  settings --root DIR --scale BYTES_PER_MB
  add-disk --root DIR [--name hdiskN] [--size MB] [--no-pvid] [--asm]
                                          --asm: an Oracle ASM disk header, no PVID
  lkdev --root DIR hdiskN [--label L] [--unlock]   lock a disk as lkdev does (lspv: locked)
  clock --root DIR --offset SECONDS       the LPAR's clock runs SECONDS ahead (negative: behind);
                                          new images carry its date
  fs --root DIR --path /REAL/DIR --size MB --free MB [--name NAME]
                                          the file system holding image paths under DIR (df)
  fs --root DIR --mount MP --used MB      used space of one of the LPAR's file systems
  limit --root DIR --fsize BLOCKS|unlimited   ulimit -f of the LPAR's commands (512-byte blocks)

AIX commands (what DIR/usr/bin and DIR/usr/sbin wrappers run):
  aix-sim --root DIR CMD [args...]
  CMD: lsvg lspv bootinfo mksysb savevg restvg lsmksysb lssavevg listvgbackup
       alt_disk_mksysb alt_rootvg_op bootlist lquerypv df ulimit

See sim/README.md for formats, faults and the image format.
`;
