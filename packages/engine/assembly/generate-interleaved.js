#!/usr/bin/env node
// Writes interleaved.ts: the Threefry-2x32-20 rounds for four independent counter vectors and the Box–Muller
// transform for two chains of two pairs, each statement written once per chain, chains interleaved line by
// line. The CPU then overlaps the chains' long latency chains; V8 neither reorders nor unrolls for us.
// The single-chain templates below are the definition (they mirror core's rng.ts); run
// `node generate-interleaved.js` after editing them.
const fs = require('fs');
const path = require('path');

/**
 * Emits each template statement once per chain, chains interleaved line by line. `$name` marks chain-local
 * names (suffixed with the chain's letter); `$LO_HI` becomes the chain's half ("low" or "high") and
 * `$PICK(x)` the chain's half of vector x (x itself for "low", its lanes 2, 3 moved down for "high").
 */
function interleave(template, chains) {
  const out = [];
  for (const line of template) {
    const barrier = /^BARRIER (\$\w+)$/.exec(line);
    if (barrier) {
      // A store orders the loads after it: V8 would otherwise hoist every constant load to the loop top and spill.
      out.push(`  v128.store(BARRIER, ${barrier[1].slice(1)}${chains[0][0]});`);
      continue;
    }
    for (const [s, half] of chains) {
      const l = line
        .replace(/\$PICK\((\w+)\)/g, (_, n) => (half === 'low' ? n : `high2(${n})`))
        .replace(/\$LO_HI/g, half)
        .replace(/\$(\w+)/g, (_, n) => n + s);
      out.push('  ' + l);
    }
  }
  return out.join('\n');
}

// ---------------------------------------------------------------- Threefry-2x32-20 (Salmon et al. 2011)
const ROT = [13, 15, 26, 6, 17, 29, 16, 24];
// Key injection after rounds 4, 8, …, 20: x0 += ks[a], x1 += ks[b] (+ injection number, folded into the schedule).
const INJECT = [[16, 48], [32, 64], [0, 80], [16, 96], [32, 112]];
/** Threefry-2x32-R rounds (Random123: 13 rounds end with a round, not an injection). */
function threefryRounds(rounds) {
  const lines = ['let $x0 = i32x4.add($c0, v128.load(ks, 0));', 'let $x1 = i32x4.add(c1, v128.load(ks, 16));'];
  for (let r = 0; r < rounds; r++) {
    const s = ROT[r % 8];
    lines.push('$x0 = i32x4.add($x0, $x1);');
    lines.push(s === 16 ? '$x1 = v128.xor(rotl16($x1), $x0);' : `$x1 = v128.xor(rotl($x1, ${s}), $x0);`);
    if (r % 4 === 3) {
      const [a, b] = INJECT[r >> 2];
      lines.push(`$x0 = i32x4.add($x0, v128.load(ks, ${a}));`, `$x1 = i32x4.add($x1, v128.load(ks, ${b}));`);
    }
  }
  return lines;
}
const threefry = threefryRounds(20);
const threefry13 = threefryRounds(13);

// ---------------------------------------------------------------- fast step noise (core rng.ts noisePair), f32
// Four pairs per chain (words w0, w1 as i32x4); every operation f32x4, in core's order.
const noiseBM = [
  // u = v·2⁻²⁴, v = 2·(w0 >>> 9) + 1 (exact in f32); v = m·2^e from its bits, m in [√½, √2).
  'const $vf = f32x4.convert_i32x4_s(v128.or(i32x4.shl(i32x4.shr_u($w0, 9), 1), ki(I_ONE)));',
  'const $m0 = v128.or(v128.and($vf, kn(N_MANT)), kg(G_ONE));',
  'const $big = f32x4.ge($m0, kg(G_SQRT2_CUT));',
  'const $m = v128.bitselect(f32x4.mul($m0, kg(G_HALF)), $m0, $big);',
  'const $dk = f32x4.convert_i32x4_s(i32x4.sub(i32x4.sub(i32x4.shr_u($vf, 23), kn(N_151)), $big));',
  'const $f = f32x4.sub($m, kg(G_ONE));',
  'const $s = f32x4.div($f, f32x4.add(kg(G_TWO), $f));',
  'const $z = f32x4.mul($s, $s);',
  'const $ww = f32x4.mul($z, $z);',
  'const $t1 = f32x4.mul($ww, f32x4.add(kg(G_LG2), f32x4.mul($ww, kg(G_LG4))));',
  'const $t2 = f32x4.mul($z, f32x4.add(kg(G_LG1), f32x4.mul($ww, kg(G_LG3))));',
  'const $R = f32x4.add($t2, $t1);',
  'const $hfsq = f32x4.mul(f32x4.mul(kg(G_HALF), $f), $f);',
  'const $lnu = f32x4.add(f32x4.add(f32x4.sub(f32x4.add(f32x4.mul($s, f32x4.add($hfsq, $R)), f32x4.mul($dk, kg(G_LN2_LO))), $hfsq), $f), f32x4.mul($dk, kg(G_LN2_HI)));',
  'const $r = f32x4.sqrt(f32x4.mul(kg(G_MINUS_TWO), $lnu));',
  // Angle qπ/2 + θ, θ = (t >> 6)·fround(2π)·2⁻²⁶ (t the exactly reduced w1, as in boxMuller).
  'const $wq = i32x4.add($w1, ki(I_QUARTER));',
  'const $q = i32x4.shr_u($wq, 30);',
  'const $th = f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_s(i32x4.sub(v128.and($wq, ki(I_LOW30)), ki(I_QUARTER)), 6)), kg(G_ANGLE));',
  'const $tz = f32x4.mul($th, $th);',
  'const $sk = f32x4.add(f32x4.mul(f32x4.mul(f32x4.add(f32x4.mul(f32x4.add(f32x4.mul(kg(G_S3), $tz), kg(G_S2)), $tz), kg(G_S1)), $tz), $th), $th);',
  'const $ck = f32x4.add(f32x4.sub(f32x4.mul(f32x4.mul(f32x4.add(f32x4.mul(f32x4.add(f32x4.mul(kg(G_C3), $tz), kg(G_C2)), $tz), kg(G_C1)), $tz), $tz), f32x4.mul(kg(G_HALF), $tz)), kg(G_ONE));',
  'const $odd = i32x4.ne(v128.and($q, ki(I_ONE)), ki(I_ZERO));',
  'const $nc = i32x4.shl(v128.and(i32x4.add($q, ki(I_ONE)), ki(I_TWO)), 30);',
  'const $ns = i32x4.shl(v128.and($q, ki(I_TWO)), 30);',
  'const $z0 = f32x4.mul($r, v128.xor(v128.bitselect($sk, $ck, $odd), $nc));',
  'const $z1 = f32x4.mul($r, v128.xor(v128.bitselect($ck, $sk, $odd), $ns));',
];

// ---------------------------------------------------------------- Box–Muller (core rng.ts boxMuller), f64
// Four pairs per call, their words the lanes of w0 and w1: chain a takes lanes 0, 1 (f64 lanes), chain b
// lanes 2, 3. Integer work on the angle is done once for all four lanes (boxMullerShared).
const boxMullerShared = [
  // a = qπ/2 + θ with θ = t·2π/2³², |θ| ≤ π/4 (exact integer reduction of w1).
  'const wq = i32x4.add(w1, ki(I_QUARTER));',
  'const q = i32x4.shr_u(wq, 30);',
  'const t = i32x4.sub(v128.and(wq, ki(I_LOW30)), ki(I_QUARTER));',
  // Odd quadrants swap sin and cos; sign bits from (q+1)&2 (cos) and q&2 (sin).
  'const odd = i32x4.ne(v128.and(q, ki(I_ONE)), ki(I_ZERO));',
  'const negC = i32x4.shl(v128.and(i32x4.add(q, ki(I_ONE)), ki(I_TWO)), 30);',
  'const negS = i32x4.shl(v128.and(q, ki(I_TWO)), 30);',
];
const boxMuller = [
  // ln u, u = (w0 + ½)/2³²: exact split w0 + ½ = m·2^e, m in [√½, √2), then fdlibm's log.
  'const $v = add(f64x2.convert_low_i32x4_u($PICK(w0)), kf(F_HALF));',
  'const $m0 = v128.or(v128.and($v, kl(L_MANT)), kl(L_ONE));',
  'const $big = f64x2.gt($m0, kf(F_SQRT2));',
  'const $m = v128.bitselect(mul($m0, kf(F_HALF)), $m0, $big);',
  'const $dk = add(sub(v128.or(i64x2.shr_u($v, 52), kl(L_MAGIC)), kf(F_MAGIC_1055)), v128.and($big, kf(F_ONE)));',
  'const $f = sub($m, kf(F_ONE));',
  'const $s = f64x2.div($f, add(kf(F_TWO), $f));',
  'const $z = mul($s, $s);',
  'const $ww = mul($z, $z);',
  'const $t1 = mul($ww, add(kf(F_LG2), mul($ww, add(kf(F_LG4), mul($ww, kf(F_LG6))))));',
  'const $t2 = mul($z, add(kf(F_LG1), mul($ww, add(kf(F_LG3), mul($ww, add(kf(F_LG5), mul($ww, kf(F_LG7))))))));',
  'const $R = add($t2, $t1);',
  'const $hfsq = mul(mul(kf(F_HALF), $f), $f);',
  'const $inner = sub(sub($hfsq, add(mul($s, add($hfsq, $R)), mul($dk, kf(F_LN2_LO)))), $f);',
  'const $r = f64x2.sqrt(mul(kf(F_MINUS_TWO), sub(mul($dk, kf(F_LN2_HI)), $inner)));',
  'const $th = mul(f64x2.convert_low_i32x4_s($PICK(t)), kf(F_ANGLE_STEP));',
  'const $tz = mul($th, $th);',
  // fdlibm __kernel_sin / __kernel_cos.
  'const $sr = add(kf(F_S2), mul($tz, add(kf(F_S3), mul($tz, add(kf(F_S4), mul($tz, add(kf(F_S5), mul($tz, kf(F_S6)))))))));',
  'const $sk = add($th, mul(mul($tz, $th), add(kf(F_S1), mul($tz, $sr))));',
  'const $tw = mul($tz, $tz);',
  'const $cr = add(mul($tz, add(kf(F_C1), mul($tz, add(kf(F_C2), mul($tz, kf(F_C3)))))), mul(mul($tw, $tw), add(kf(F_C4), mul($tz, add(kf(F_C5), mul($tz, kf(F_C6)))))));',
  'const $hz = mul(kf(F_HALF), $tz);',
  'const $cw = sub(kf(F_ONE), $hz);',
  'const $ck = add($cw, add(sub(sub(kf(F_ONE), $cw), $hz), mul($tz, $cr)));',
  // Lane masks widened to 64 bits (sign masks: the i32 sign bit moved to bit 63).
  'const $odd = i64x2.extend_$LO_HI_i32x4_s(odd);',
  'const $nc = i64x2.shl(i64x2.extend_$LO_HI_i32x4_u(negC), 32);',
  'const $ns = i64x2.shl(i64x2.extend_$LO_HI_i32x4_u(negS), 32);',
  'const $z0 = mul($r, v128.xor(v128.bitselect($sk, $ck, $odd), $nc));',
  'const $z1 = mul($r, v128.xor(v128.bitselect($ck, $sk, $odd), $ns));',
];

const out = `// GENERATED by generate-interleaved.js from its single-chain templates — edit that file, then run
// \`node generate-interleaved.js\`. Independent chains written line by line so their latencies overlap.

import {
  G_ANGLE, G_C1, G_C2, G_C3, G_HALF, G_LG1, G_LG2, G_LG3, G_LG4, G_LN2_HI, G_LN2_LO, G_MINUS_TWO, G_ONE,
  G_S1, G_S2, G_S3, G_SQRT2_CUT, G_TWO, kg, kn, N_151, N_MANT,
} from './noise-base';
import {
  add, F_ANGLE_STEP, F_C1, F_C2, F_C3, F_C4, F_C5, F_C6, F_HALF, F_LG1, F_LG2, F_LG3, F_LG4, F_LG5, F_LG6, F_LG7,
  F_LN2_HI, F_LN2_LO, F_MAGIC_1055, F_MINUS_TWO, F_ONE, F_S1, F_S2, F_S3, F_S4, F_S5, F_S6, F_SQRT2, F_TWO,
  high2, I_LOW30, I_ONE, I_QUARTER, I_TWO, I_ZERO, kf, ki, kl, L_MAGIC, L_MANT, L_ONE, mul, rotl, rotl16, sub,
} from './rng-base';

/** Scratch for the ordering stores of the Box–Muller code (see generate-interleaved.js). */
const BARRIER: usize = memory.data(16, 16);

// Results of threefry16: words (w0, w1) of chains a, b, c, d.
export let TA0: v128 = i32x4.splat(0);
export let TA1: v128 = i32x4.splat(0);
export let TB0: v128 = i32x4.splat(0);
export let TB1: v128 = i32x4.splat(0);
export let TC0: v128 = i32x4.splat(0);
export let TC1: v128 = i32x4.splat(0);
export let TD0: v128 = i32x4.splat(0);
export let TD1: v128 = i32x4.splat(0);

/** Threefry-2x32-20 of four counter vectors c0a … c0d (shared c1) under the key schedule at ks. */
@inline export function threefry16(ks: usize, c0a: v128, c0b: v128, c0c: v128, c0d: v128, c1: v128): void {
${interleave(threefry, [['a', ''], ['b', ''], ['c', ''], ['d', '']])}
  TA0 = x0a;
  TA1 = x1a;
  TB0 = x0b;
  TB1 = x1b;
  TC0 = x0c;
  TC1 = x1c;
  TD0 = x0d;
  TD1 = x1d;
}

// Results of boxMuller4: z0 = r·cos a and z1 = r·sin a (f64 lanes) of chains a and b.
export let ZA0: v128 = f64x2.splat(0);
export let ZA1: v128 = f64x2.splat(0);
export let ZB0: v128 = f64x2.splat(0);
export let ZB1: v128 = f64x2.splat(0);

/** Box–Muller of the four pairs whose words are the lanes of w0, w1 (chain a: lanes 0, 1; chain b: 2, 3). */
@inline export function boxMuller4(w0: v128, w1: v128): void {
${boxMullerShared.map((l) => '  ' + l).join('\n')}
${interleave(boxMuller, [['a', 'low'], ['b', 'high']])}
  ZA0 = z0a;
  ZA1 = z1a;
  ZB0 = z0b;
  ZB1 = z1b;
}

/** Threefry-2x32-13 (fast step noise) of four counter vectors, shared c1; results in TA0 … TD1 as threefry16. */
@inline export function threefry16r13(ks: usize, c0a: v128, c0b: v128, c0c: v128, c0d: v128, c1: v128): void {
${interleave(threefry13, [['a', ''], ['b', ''], ['c', ''], ['d', '']])}
  TA0 = x0a;
  TA1 = x1a;
  TB0 = x0b;
  TB1 = x1b;
  TC0 = x0c;
  TC1 = x1c;
  TD0 = x0d;
  TD1 = x1d;
}

// Results of noise8: z0 = r·cos a and z1 = r·sin a (f32 lanes) of chains a and b.
export let NA0: v128 = f32x4.splat(0);
export let NA1: v128 = f32x4.splat(0);
export let NB0: v128 = f32x4.splat(0);
export let NB1: v128 = f32x4.splat(0);

/** Fast step noise (core noisePair) of eight pairs: chain a's words w0a, w1a, chain b's w0b, w1b. */
@inline export function noise8(w0a: v128, w1a: v128, w0b: v128, w1b: v128): void {
${interleave(noiseBM, [['a', ''], ['b', '']])}
  NA0 = z0a;
  NA1 = z1a;
  NB0 = z0b;
  NB1 = z1b;
}

`;
fs.writeFileSync(path.join(__dirname, 'interleaved.ts'), out);
