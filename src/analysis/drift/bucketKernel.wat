;; Bucket drift of many windows against one baseline: psi, Jensen–Shannon, ks and Hellinger in one
;; pass over each window's counts, two windows at a time in the two float64 lanes of a v128.
;;
;; This is the WebAssembly twin of wholeWindows() in buckets.ts: each lane does that loop's
;; operations in the same order, so both give the same bits (the tests check this). Its branches
;; become masks here: both sides are computed and one is kept.
;; Windows whose total is 0 or whose counts are not whole numbers below 65536 are left to the
;; caller: their `whole` byte is 0.
;;
;; Built into bucketKernelBinary.ts by `npm run build:wasm`.
;;
;; Memory, by byte offset, as BucketKernel (bucketKernel.ts) lays it out:
;;   0        ln k for k < 65536, as float64 (written by the caller)
;;   524288   √k for k < 65536
;;   1048576  logHalf(): 2^-e by biased exponent (2048), then (e − 1)·ln 2 (2048)
;;   1081344  logHalf(): 1/c for its 256 centres c, then ln c, then c
;;   1087488  17 constants, each in both lanes of a v128 (see BucketKernelTables.constants)
;;   1087760  work area: scratch, the baseline, the counts and the results, at offsets passed in
;; The baseline is 6 arrays of B float64: shares, ln shares (0 where the share is 0), √shares,
;; cumulative shares, filled shares and ln filled shares.
(module
  (memory (export "memory") 17)

  ;; Two float64 from two addresses, as one v128.
  (func $pair (param $first i32) (param $second i32) (result v128)
    (v128.load64_lane 1 (local.get $second) (v128.load64_zero (local.get $first))))

  ;; ln(x / 2) in each lane, for finite x > 0 that are not subnormal, as logHalf() in buckets.ts:
  ;; x = 2^e·y with y read against the nearest of 256 centres c, ln y = ln c + ln(1 + r) with
  ;; r = (y − c)/c and a Taylor series to r^5. Inlined by hand in $score's bucket loop.
  (func $logHalf (param $x v128) (result v128)
    (local $biased v128) (local $centre v128) (local $b0 i32) (local $b1 i32) (local $c0 i32) (local $c1 i32) (local $r v128)
    (local.set $biased (i64x2.shl (i64x2.shr_u (local.get $x) (i32.const 52)) (i32.const 3)))
    (local.set $centre (i64x2.shl (v128.and (i64x2.shr_u (local.get $x) (i32.const 44)) (v128.const i64x2 255 255)) (i32.const 3)))
    (local.set $b0 (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $biased))))
    (local.set $b1 (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $biased))))
    (local.set $c0 (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $centre))))
    (local.set $c1 (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $centre))))
    (local.set $r
      (f64x2.mul
        (f64x2.sub
          (f64x2.mul (local.get $x)
            (call $pair (i32.add (local.get $b0) (i32.const 1048576)) (i32.add (local.get $b1) (i32.const 1048576))))
          (call $pair (i32.add (local.get $c0) (i32.const 1085440)) (i32.add (local.get $c1) (i32.const 1085440))))
        (call $pair (i32.add (local.get $c0) (i32.const 1081344)) (i32.add (local.get $c1) (i32.const 1081344)))))
    (f64x2.add
      (f64x2.add
        (call $pair (i32.add (local.get $b0) (i32.const 1064960)) (i32.add (local.get $b1) (i32.const 1064960)))
        (call $pair (i32.add (local.get $c0) (i32.const 1083392)) (i32.add (local.get $c1) (i32.const 1083392))))
      (f64x2.mul (local.get $r)
          (f64x2.add
            (f64x2.add (v128.load offset=1087584 (i32.const 0) (; L1 ;)) (f64x2.mul (local.get $r) (v128.load offset=1087600 (i32.const 0) (; L2 ;))))
            (f64x2.mul (f64x2.mul (local.get $r) (local.get $r))
              (f64x2.add
                (f64x2.add (v128.load offset=1087616 (i32.const 0) (; L3 ;)) (f64x2.mul (local.get $r) (v128.load offset=1087632 (i32.const 0) (; L4 ;))))
                (f64x2.mul (f64x2.mul (local.get $r) (local.get $r)) (v128.load offset=1087648 (i32.const 0) (; L5 ;)))))))))

  ;; Scores W windows of B buckets from `counts` into `results`: psi, jensenshannon, ks and
  ;; hellinger (W float64 each), then the totals (W float64), then a `whole` byte per window.
  ;; $methods says which scores to compute: 1 psi, 2 jensenshannon, 4 ks, 8 hellinger (the
  ;; others are left as garbage).
  (func (export "score") (param $B i32) (param $W i32) (param $baseline i32) (param $counts i32) (param $results i32) (param $scratch i32) (param $methods i32)
    (local $bytes i32) (local $w i32) (local $i i32) (local $first i32) (local $second i32) (local $pairEnd i32)
    (local $logShares i32) (local $sqrtShares i32) (local $cumulativeShares i32) (local $filledShares i32) (local $logFilledShares i32)
    (local $k v128) (local $k0 i32) (local $k1 i32) (local $high0 i32) (local $high1 i32) (local $slots i32)
    (local $count v128) (local $other v128) (local $even v128) (local $odd v128) (local $smallest v128) (local $notWhole v128)
    (local $total v128) (local $scorable v128) (local $inverseTotal v128) (local $sqrtInverseTotal v128) (local $logTotal v128)
    (local $share v128) (local $fill v128) (local $logFill v128)
    (local $p v128) (local $q v128) (local $pq v128) (local $logQ v128) (local $nonEmpty v128) (local $oneSidedMask v128)
    (local $term v128) (local $difference v128) (local $d2 v128) (local $z2 v128) (local $series v128) (local $logMiddle v128)
    (local $b0 i32) (local $b1 i32) (local $c0 i32) (local $c1 i32) (local $r v128)
    (local $root v128) (local $gap v128)
    (local $psiSum v128) (local $jensenShannonSum v128)
    (local $cumulative v128) (local $largest v128) (local $hellingerSum v128)
    (local $psi v128) (local $jensenShannon v128) (local $hellinger v128) (local $at i32)
    (local.set $bytes (i32.shl (local.get $B) (i32.const 3)))
    ;; $scratch: a v128, the per-window values (5 v128), then each bucket's two table offsets (two i32).
    (local.set $slots (i32.add (local.get $scratch) (i32.const 96)))
    (local.set $logShares (i32.add (local.get $baseline) (local.get $bytes)))
    (local.set $sqrtShares (i32.add (local.get $logShares) (local.get $bytes)))
    (local.set $cumulativeShares (i32.add (local.get $sqrtShares) (local.get $bytes)))
    (local.set $filledShares (i32.add (local.get $cumulativeShares) (local.get $bytes)))
    (local.set $logFilledShares (i32.add (local.get $filledShares) (local.get $bytes)))
    (block $windowsDone
      (loop $window
        (br_if $windowsDone (i32.ge_u (local.get $w) (local.get $W)))
        ;; Lane 0 is window w, lane 1 window w + 1 (or w again when w is the last).
        (local.set $first (i32.add (local.get $counts) (i32.mul (local.get $w) (local.get $bytes))))
        (local.set $second
          (select (i32.add (local.get $first) (local.get $bytes)) (local.get $first)
            (i32.lt_u (i32.add (local.get $w) (i32.const 1)) (local.get $W))))
        ;; The totals in two interleaved lanes as countTotal() sums them, the smallest non-zero
        ;; counts, and whether every count is a whole number below 65536.
        (local.set $even (v128.const f64x2 0 0))
        (local.set $odd (v128.const f64x2 0 0))
        (local.set $smallest (v128.load offset=1087664 (i32.const 0) (; Infinity ;)))
        (local.set $notWhole (v128.const i64x2 0 0))
        (local.set $i (i32.const 0))
        (local.set $pairEnd (i32.sub (local.get $bytes) (i32.const 8)))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (local.get $i) (local.get $pairEnd)))
            (local.set $count (v128.load64_lane 1 (i32.add (local.get $second) (local.get $i)) (v128.load64_zero (i32.add (local.get $first) (local.get $i)))))
            (local.set $other (v128.load64_lane 1 (i32.add (local.get $second) (i32.add (local.get $i) (i32.const 8))) (v128.load64_zero (i32.add (local.get $first) (i32.add (local.get $i) (i32.const 8))))))
            (local.set $even (f64x2.add (local.get $even) (local.get $count)))
            (local.set $odd (f64x2.add (local.get $odd) (local.get $other)))
            (local.set $k (v128.and (i32x4.trunc_sat_f64x2_s_zero (local.get $count)) (v128.const i32x4 65535 65535 0 0)))
            (local.set $notWhole (v128.or (local.get $notWhole) (f64x2.ne (local.get $count) (f64x2.convert_low_i32x4_s (local.get $k)))))
            (v128.store64_lane 0 (i32.add (local.get $slots) (local.get $i)) (i32x4.shl (local.get $k) (i32.const 3)))
            (local.set $k (v128.and (i32x4.trunc_sat_f64x2_s_zero (local.get $other)) (v128.const i32x4 65535 65535 0 0)))
            (local.set $notWhole (v128.or (local.get $notWhole) (f64x2.ne (local.get $other) (f64x2.convert_low_i32x4_s (local.get $k)))))
            (v128.store64_lane offset=8 0 (i32.add (local.get $slots) (local.get $i)) (i32x4.shl (local.get $k) (i32.const 3)))
            (local.set $smallest (f64x2.pmin (local.get $smallest)
              (v128.bitselect (local.get $count) (v128.load offset=1087664 (i32.const 0) (; Infinity ;)) (f64x2.gt (local.get $count) (v128.const f64x2 0 0)))))
            (local.set $smallest (f64x2.pmin (local.get $smallest)
              (v128.bitselect (local.get $other) (v128.load offset=1087664 (i32.const 0) (; Infinity ;)) (f64x2.gt (local.get $other) (v128.const f64x2 0 0)))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $pairs)))
        (if (i32.lt_u (local.get $i) (local.get $bytes))
          (then
            (local.set $count (v128.load64_lane 1 (i32.add (local.get $second) (local.get $i)) (v128.load64_zero (i32.add (local.get $first) (local.get $i)))))
            (local.set $even (f64x2.add (local.get $even) (local.get $count)))
            (local.set $k (v128.and (i32x4.trunc_sat_f64x2_s_zero (local.get $count)) (v128.const i32x4 65535 65535 0 0)))
            (local.set $notWhole (v128.or (local.get $notWhole) (f64x2.ne (local.get $count) (f64x2.convert_low_i32x4_s (local.get $k)))))
            (v128.store64_lane 0 (i32.add (local.get $slots) (local.get $i)) (i32x4.shl (local.get $k) (i32.const 3)))
            (local.set $smallest (f64x2.pmin (local.get $smallest)
              (v128.bitselect (local.get $count) (v128.load offset=1087664 (i32.const 0) (; Infinity ;)) (f64x2.gt (local.get $count) (v128.const f64x2 0 0)))))))
        (local.set $total (f64x2.add (local.get $even) (local.get $odd)))
        (local.set $scorable (v128.andnot (f64x2.gt (local.get $total) (v128.const f64x2 0 0)) (local.get $notWhole)))
        (local.set $inverseTotal (f64x2.div (v128.load offset=1087584 (i32.const 0) (; L1 = 1 ;)) (local.get $total)))
        (local.set $sqrtInverseTotal (f64x2.sqrt (local.get $inverseTotal)))
        (local.set $logTotal (call $logHalf (f64x2.mul (local.get $total) (v128.load offset=1087744 (i32.const 0) (; TWO ;)))))
        ;; Evidently's fill for empty buckets: the smallest share / 10^6 when that is <= 0.0001, else 0.0001.
        (local.set $share (f64x2.div (local.get $smallest) (local.get $total)))
        (local.set $fill (v128.bitselect
          (f64x2.div (local.get $share) (v128.load offset=1087696 (i32.const 0) (; SMALL_SHARE_DIVISOR ;)))
          (v128.load offset=1087680 (i32.const 0) (; EMPTY_SHARE ;))
          (f64x2.le (local.get $share) (v128.load offset=1087680 (i32.const 0) (; EMPTY_SHARE ;)))))
        (local.set $logFill (call $logHalf (f64x2.mul (local.get $fill) (v128.load offset=1087744 (i32.const 0) (; TWO ;)))))
        ;; Per-window values the bucket loop reads back from memory: V8 recomputes a loop-invariant
        ;; value in the loop where it is used (a division, a square root), but not a load.
        (v128.store offset=16 (local.get $scratch) (local.get $inverseTotal))
        (v128.store offset=32 (local.get $scratch) (local.get $sqrtInverseTotal))
        (v128.store offset=48 (local.get $scratch) (local.get $logTotal))
        (v128.store offset=64 (local.get $scratch) (local.get $fill))
        (v128.store offset=80 (local.get $scratch) (local.get $logFill))
        (local.set $psiSum (v128.const f64x2 0 0))
        (local.set $jensenShannonSum (v128.const f64x2 0 0))
        (local.set $cumulative (v128.const f64x2 0 0))
        (local.set $largest (v128.const f64x2 0 0))
        (local.set $hellingerSum (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $bucketsDone
          (loop $bucket
            (br_if $bucketsDone (i32.ge_u (local.get $i) (local.get $bytes)))
            (local.set $count (v128.load64_lane 1 (i32.add (local.get $second) (local.get $i)) (v128.load64_zero (i32.add (local.get $first) (local.get $i)))))
            ;; Both lanes' table slots, stored by the pass above (masked, so that a window that is not
            ;; whole still reads inside the tables).
            (local.set $k0 (i32.load (i32.add (local.get $slots) (local.get $i))))
            (local.set $k1 (i32.load offset=4 (i32.add (local.get $slots) (local.get $i))))
            (local.set $p (v128.load64_splat (i32.add (local.get $baseline) (local.get $i))))
            (local.set $q (f64x2.mul (local.get $count) (v128.load offset=16 (local.get $scratch))))
            (local.set $pq (f64x2.add (local.get $p) (local.get $q)))
            (local.set $nonEmpty (f64x2.gt (local.get $count) (v128.const f64x2 0 0)))
            (local.set $logQ (f64x2.sub (v128.load64_lane 1 (local.get $k1) (v128.load64_zero (local.get $k0))) (v128.load offset=48 (local.get $scratch))))
            ;; ks: the largest gap between the cumulative shares.
            (if (i32.and (local.get $methods) (i32.const 4))
              (then
                (local.set $cumulative (f64x2.add (local.get $cumulative) (local.get $count)))
                (local.set $gap (f64x2.abs (f64x2.sub
                  (v128.load64_splat (i32.add (local.get $cumulativeShares) (local.get $i)))
                  (f64x2.mul (local.get $cumulative) (v128.load offset=16 (local.get $scratch))))))
                (local.set $largest (f64x2.pmax (local.get $largest) (local.get $gap)))))
            ;; Hellinger, with √(count/total) as √count · √(1/total).
            (if (i32.and (local.get $methods) (i32.const 8))
              (then
                (local.set $root (f64x2.sub
                  (v128.load64_splat (i32.add (local.get $sqrtShares) (local.get $i)))
                  (f64x2.mul
                    (v128.load64_lane 1 (i32.add (local.get $k1) (i32.const 524288)) (v128.load64_zero (i32.add (local.get $k0) (i32.const 524288))))
                    (v128.load offset=32 (local.get $scratch)))))
                (local.set $hellingerSum (f64x2.add (local.get $hellingerSum) (f64x2.mul (local.get $root) (local.get $root))))))
            ;; psi: each term is >= 0, and a negative one is rounding.
            (if (i32.and (local.get $methods) (i32.const 1))
              (then
                ;; An empty bucket's share is the window's fill.
                (local.set $term (f64x2.mul
                  (f64x2.sub (v128.load64_splat (i32.add (local.get $filledShares) (local.get $i)))
                    (v128.bitselect (local.get $q) (v128.load offset=64 (local.get $scratch)) (local.get $nonEmpty)))
                  (f64x2.sub (v128.load64_splat (i32.add (local.get $logFilledShares) (local.get $i)))
                    (v128.bitselect (local.get $logQ) (v128.load offset=80 (local.get $scratch)) (local.get $nonEmpty)))))
                (local.set $psiSum (f64x2.add (local.get $psiSum)
                  (v128.and (local.get $term) (f64x2.gt (local.get $term) (v128.const f64x2 0 0)))))))
            ;; Jensen–Shannon: (p + q)·ln 2 for a bucket with one side empty; otherwise the series in
            ;; d = (p − q)/(p + q) when d² < SERIES_MAX_D2, else the logarithms.
            (if (i32.and (local.get $methods) (i32.const 2))
              (then
                (local.set $oneSidedMask (v128.or
                  (v128.not (local.get $nonEmpty))
                  (f64x2.eq (local.get $p) (v128.const f64x2 0 0))))
                (local.set $difference (f64x2.sub (local.get $p) (local.get $q)))
                (local.set $d2 (f64x2.div (local.get $difference) (local.get $pq)))
                (local.set $d2 (f64x2.mul (local.get $d2) (local.get $d2)))
                ;; The series Σ_k S_k·d^2k, k = 1..5, by Estrin's scheme in d²: shorter chains of dependent operations than Horner's.
                (local.set $z2 (f64x2.mul (local.get $d2) (local.get $d2)))
                (local.set $series
                  (f64x2.mul (f64x2.mul (local.get $pq) (local.get $d2))
                    (f64x2.add
                      (f64x2.add
                        (f64x2.add (v128.load offset=1087504 (i32.const 0) (; S1 ;)) (f64x2.mul (v128.load offset=1087520 (i32.const 0) (; S2 ;)) (local.get $d2)))
                        (f64x2.mul (local.get $z2)
                          (f64x2.add (v128.load offset=1087536 (i32.const 0) (; S3 ;)) (f64x2.mul (v128.load offset=1087552 (i32.const 0) (; S4 ;)) (local.get $d2)))))
                      (f64x2.mul (f64x2.mul (local.get $z2) (local.get $z2)) (v128.load offset=1087568 (i32.const 0) (; S5 ;))))))
                ;; $logHalf inlined: logMiddle = ln(pq / 2).
                ;; The high words of both lanes, through memory: cheaper than extracting lanes.
                (v128.store (local.get $scratch) (local.get $pq))
                (local.set $high0 (i32.load offset=4 (local.get $scratch)))
                (local.set $high1 (i32.load offset=12 (local.get $scratch)))
                (local.set $b0 (i32.shl (i32.shr_u (local.get $high0) (i32.const 20)) (i32.const 3)))
                (local.set $b1 (i32.shl (i32.shr_u (local.get $high1) (i32.const 20)) (i32.const 3)))
                (local.set $c0 (i32.and (i32.shr_u (local.get $high0) (i32.const 9)) (i32.const 2040)))
                (local.set $c1 (i32.and (i32.shr_u (local.get $high1) (i32.const 9)) (i32.const 2040)))
                (local.set $r
                  (f64x2.mul
                    (f64x2.sub
                      (f64x2.mul (local.get $pq)
                        (v128.load64_lane offset=1048576 1 (local.get $b1) (v128.load64_zero offset=1048576 (local.get $b0))))
                      (v128.load64_lane offset=1085440 1 (local.get $c1) (v128.load64_zero offset=1085440 (local.get $c0))))
                    (v128.load64_lane offset=1081344 1 (local.get $c1) (v128.load64_zero offset=1081344 (local.get $c0)))))
                (local.set $logMiddle
                  (f64x2.add
                    (f64x2.add
                      (v128.load64_lane offset=1064960 1 (local.get $b1) (v128.load64_zero offset=1064960 (local.get $b0)))
                      (v128.load64_lane offset=1083392 1 (local.get $c1) (v128.load64_zero offset=1083392 (local.get $c0))))
                    (f64x2.mul (local.get $r)
                      (f64x2.add
                        (f64x2.add (v128.load offset=1087584 (i32.const 0) (; L1 ;)) (f64x2.mul (local.get $r) (v128.load offset=1087600 (i32.const 0) (; L2 ;))))
                        (f64x2.mul (f64x2.mul (local.get $r) (local.get $r))
                          (f64x2.add
                            (f64x2.add (v128.load offset=1087616 (i32.const 0) (; L3 ;)) (f64x2.mul (local.get $r) (v128.load offset=1087632 (i32.const 0) (; L4 ;))))
                            (f64x2.mul (f64x2.mul (local.get $r) (local.get $r)) (v128.load offset=1087648 (i32.const 0) (; L5 ;)))))))))
                (local.set $term
                  (f64x2.add
                    (f64x2.mul (local.get $p)
                      (f64x2.sub (v128.load64_splat (i32.add (local.get $logShares) (local.get $i))) (local.get $logMiddle)))
                    (f64x2.mul (local.get $q) (f64x2.sub (local.get $logQ) (local.get $logMiddle)))))
                (local.set $jensenShannonSum (f64x2.add (local.get $jensenShannonSum)
                  (v128.bitselect
                    (f64x2.mul (local.get $pq) (v128.load offset=1087712 (i32.const 0) (; LN2 ;)))
                    (v128.bitselect (local.get $series) (local.get $term)
                      (f64x2.lt (local.get $d2) (v128.load offset=1087488 (i32.const 0) (; SERIES_MAX_D2 ;))))
                    (local.get $oneSidedMask))))))
            (local.set $i (i32.add (local.get $i) (i32.const 8)))
            (br $bucket)))
        (local.set $psi (local.get $psiSum))
        (local.set $jensenShannon
          (f64x2.sqrt (f64x2.pmax (v128.const f64x2 0 0)
            (f64x2.div (local.get $jensenShannonSum) (v128.load offset=1087744 (i32.const 0) (; TWO ;))))))
        (local.set $hellinger
          (f64x2.div (f64x2.sqrt (local.get $hellingerSum)) (v128.load offset=1087728 (i32.const 0) (; SQRT2 ;))))
        ;; Window w's results from lane 0, and window w + 1's from lane 1 when there is one.
        (local.set $at (i32.add (local.get $results) (i32.shl (local.get $w) (i32.const 3))))
        (local.set $i (i32.shl (local.get $W) (i32.const 3)))
        (v128.store64_lane 0 (local.get $at) (local.get $psi))
        (v128.store64_lane 0 (i32.add (local.get $at) (local.get $i)) (local.get $jensenShannon))
        (v128.store64_lane 0 (i32.add (local.get $at) (i32.shl (local.get $i) (i32.const 1))) (local.get $largest))
        (v128.store64_lane 0 (i32.add (local.get $at) (i32.mul (local.get $i) (i32.const 3))) (local.get $hellinger))
        (v128.store64_lane 0 (i32.add (local.get $at) (i32.shl (local.get $i) (i32.const 2))) (local.get $total))
        (i32.store8
          (i32.add (i32.add (local.get $results) (i32.mul (local.get $i) (i32.const 5))) (local.get $w))
          (i32.and (i32x4.extract_lane 0 (local.get $scorable)) (i32.const 1)))
        (if (i32.lt_u (i32.add (local.get $w) (i32.const 1)) (local.get $W))
          (then
            (local.set $at (i32.add (local.get $at) (i32.const 8)))
            (v128.store64_lane 1 (local.get $at) (local.get $psi))
            (v128.store64_lane 1 (i32.add (local.get $at) (local.get $i)) (local.get $jensenShannon))
            (v128.store64_lane 1 (i32.add (local.get $at) (i32.shl (local.get $i) (i32.const 1))) (local.get $largest))
            (v128.store64_lane 1 (i32.add (local.get $at) (i32.mul (local.get $i) (i32.const 3))) (local.get $hellinger))
            (v128.store64_lane 1 (i32.add (local.get $at) (i32.shl (local.get $i) (i32.const 2))) (local.get $total))
            (i32.store8
              (i32.add (i32.add (local.get $results) (i32.mul (local.get $i) (i32.const 5))) (i32.add (local.get $w) (i32.const 1)))
              (i32.and (i32x4.extract_lane 2 (local.get $scorable)) (i32.const 1)))))
        (local.set $w (i32.add (local.get $w) (i32.const 2)))
        (br $window))))
)
