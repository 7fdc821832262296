;; The two passes of Pillow's 8-bit convolution resampling (libImaging/Resample.c) as WebAssembly
;; SIMD: the same arithmetic as Pillow, int32 products and sums of 22-bit fixed-point weights
;; (i32x4 wraps like C's int and never needs to: the sums fit), `>> 22`, then a saturating narrow
;; to 0…255, which is Pillow's clip8. One i32x4 lane per channel in the horizontal pass; sixteen
;; bytes of a row at a time in the vertical one.
;;
;; Every output sample reads the same number of taps (the largest window, the rest zero-weighted:
;; resample-wasm.ts lays the windows out), so the loops have no per-sample bounds; zero-weighted
;; taps may read bytes past the window, and the caller's buffers carry that much padding. Products
;; with a zero weight add exactly nothing.
;;
;; 0x00200000 (Pillow's rounding half, 1 << 21) and the shift 22 are filter-coefficients.ts's HALF
;; and PRECISION_BITS. Compiled by wabt into resample.wasm (committed):
;;   npm run build:wasm -w @transferboard/runner
;; and resample-wasm.test.ts fails while the two differ.
(module
  (memory (export "memory") 1)

  ;; hpass: for each of `rows` rows and `outWidth` outputs, sum `taps` RGB pixels from
  ;; src + row·inStride + starts[x] (bytes) with weights[x·taps + i] into [R, G, B, ·] lanes, and
  ;; write R, G, B to tmp (3 bytes per output, plus one scratch byte that the next one overwrites).
  (func (export "hpass")
    (param $src i32) (param $inStride i32) (param $rows i32) (param $outWidth i32)
    (param $starts i32) (param $weights i32) (param $taps i32) (param $tmp i32)
    (local $y i32) (local $x i32) (local $p i32) (local $wp i32) (local $i i32) (local $rowBase i32)
    (local $o i32)
    (local $acc v128) (local $n16 v128)
    (local.set $o (local.get $tmp))
    (loop $row
      (local.set $rowBase (i32.add (local.get $src) (i32.mul (local.get $y) (local.get $inStride))))
      (local.set $x (i32.const 0))
      (local.set $wp (local.get $weights))
      (loop $column
        ;; p = rowBase + starts[x]
        (local.set $p
          (i32.add (local.get $rowBase)
            (i32.load (i32.add (local.get $starts) (i32.mul (local.get $x) (i32.const 4))))))
        (local.set $acc (v128.const i32x4 0x00200000 0x00200000 0x00200000 0x00200000))
        (local.set $i (local.get $taps))
        (loop $tap
          ;; acc += widen(load8x8_u(p)) * splat(weight): lanes R, G, B and the next pixel's R
          (local.set $acc
            (i32x4.add (local.get $acc)
              (i32x4.mul
                (i32x4.extend_low_i16x8_u (v128.load8x8_u align=1 (local.get $p)))
                (v128.load32_splat (local.get $wp)))))
          (local.set $p (i32.add (local.get $p) (i32.const 3)))
          (local.set $wp (i32.add (local.get $wp) (i32.const 4)))
          (br_if $tap (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
        (local.set $n16
          (i16x8.narrow_i32x4_s
            (i32x4.shr_s (local.get $acc) (i32.const 22))
            (i32x4.shr_s (local.get $acc) (i32.const 22))))
        ;; four bytes R, G, B, R' at o: the fourth is overwritten by the next output
        (v128.store32_lane align=1 0 (local.get $o)
          (i8x16.narrow_i16x8_u (local.get $n16) (local.get $n16)))
        (local.set $o (i32.add (local.get $o) (i32.const 3)))
        (br_if $column
          (i32.ne (local.tee $x (i32.add (local.get $x) (i32.const 1))) (local.get $outWidth))))
      (br_if $row
        (i32.ne (local.tee $y (i32.add (local.get $y) (i32.const 1))) (local.get $rows)))))

  ;; vpass: for each output row y and each 16 bytes x of it, sum `taps` rows from
  ;; tmp + starts[y] + x with weights[y·taps + i]; write 16 bytes to out + y·rowBytes + x (a row's
  ;; last store may spill into the next row, which is written after it).
  (func (export "vpass")
    (param $tmp i32) (param $rowBytes i32) (param $outRows i32) (param $starts i32)
    (param $weights i32) (param $taps i32) (param $out i32)
    (local $y i32) (local $x i32) (local $p i32) (local $wp i32) (local $i i32) (local $base i32)
    (local $o i32) (local $wRow i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $v v128)
    (local $w v128) (local $h v128)
    (local.set $o (local.get $out))
    (local.set $wRow (local.get $weights))
    (loop $row
      ;; base = tmp + starts[y]
      (local.set $base
        (i32.add (local.get $tmp)
          (i32.load (i32.add (local.get $starts) (i32.mul (local.get $y) (i32.const 4))))))
      (local.set $x (i32.const 0))
      (loop $chunk
        (local.set $a0 (v128.const i32x4 0x00200000 0x00200000 0x00200000 0x00200000))
        (local.set $a1 (v128.const i32x4 0x00200000 0x00200000 0x00200000 0x00200000))
        (local.set $a2 (v128.const i32x4 0x00200000 0x00200000 0x00200000 0x00200000))
        (local.set $a3 (v128.const i32x4 0x00200000 0x00200000 0x00200000 0x00200000))
        (local.set $p (i32.add (local.get $base) (local.get $x)))
        (local.set $wp (local.get $wRow))
        (local.set $i (local.get $taps))
        (loop $tap
          ;; sixteen bytes of one scratch row, widened to four i32x4, times that row's weight
          (local.set $v (v128.load align=1 (local.get $p)))
          (local.set $w (v128.load32_splat (local.get $wp)))
          (local.set $h (i16x8.extend_low_i8x16_u (local.get $v)))
          (local.set $a0
            (i32x4.add (local.get $a0) (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $h)) (local.get $w))))
          (local.set $a1
            (i32x4.add (local.get $a1) (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $h)) (local.get $w))))
          (local.set $h (i16x8.extend_high_i8x16_u (local.get $v)))
          (local.set $a2
            (i32x4.add (local.get $a2) (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $h)) (local.get $w))))
          (local.set $a3
            (i32x4.add (local.get $a3) (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $h)) (local.get $w))))
          (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
          (local.set $wp (i32.add (local.get $wp) (i32.const 4)))
          (br_if $tap (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
        (v128.store align=1
          (i32.add (local.get $o) (local.get $x))
          (i8x16.narrow_i16x8_u
            (i16x8.narrow_i32x4_s
              (i32x4.shr_s (local.get $a0) (i32.const 22))
              (i32x4.shr_s (local.get $a1) (i32.const 22)))
            (i16x8.narrow_i32x4_s
              (i32x4.shr_s (local.get $a2) (i32.const 22))
              (i32x4.shr_s (local.get $a3) (i32.const 22)))))
        (br_if $chunk
          (i32.lt_s (local.tee $x (i32.add (local.get $x) (i32.const 16))) (local.get $rowBytes))))
      (local.set $o (i32.add (local.get $o) (local.get $rowBytes)))
      (local.set $wRow (i32.add (local.get $wRow) (i32.mul (local.get $taps) (i32.const 4))))
      (br_if $row
        (i32.ne (local.tee $y (i32.add (local.get $y) (i32.const 1))) (local.get $outRows))))))
