// Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n,
// same as scipy.stats.kstwo.sf(d, n) (scipy/stats/_ksstats.py, after Simard & L'Ecuyer 2011,
// "Computing the Two-Sided Kolmogorov-Smirnov Distribution", J. Stat. Softw. 39(11)).
// scipy picks one of several exact or approximate formulas by region of (n, d); the same
// regions are used here. Where scipy uses Pomeranz's recursion (n <= 140, 0.754693 < n·d² <= 4)
// the Durbin matrix is used instead: both are exact, so they agree to rounding.

const SCALE_EXPONENT = 128;
const SCALE_UP = 2 ** SCALE_EXPONENT;
const SCALE_DOWN = 2 ** -SCALE_EXPONENT;
const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);
const LOG_TWO_PI = Math.log(2 * Math.PI);
const MIN_LOG = -708;
const PI_SQUARED = Math.PI ** 2;
const PI_FOURTH = Math.PI ** 4;
const PI_SIXTH = Math.PI ** 6;
// Bernoulli-number Stirling coefficients B_2j / (2j (2j−1)), j = 8 … 1.
const STIRLING_COEFFICIENTS = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];
// Above this n the one-sided Smirnov sum is replaced by its closed-form approximation (as in xsf).
const SMIRNOV_MAX_COMPUTE_N = 1000000;
const SMIRNOV_MIN_LOG = -708.3964185322641;

function clipProbability(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** log(n! / n^n) by Stirling's series with n·log(n) removed up front. */
function logFactorialOverPower(n: number): number {
  const reciprocal = 1 / n;
  const reciprocalSquared = reciprocal / n;
  let polynomial = 0;
  for (const coefficient of STIRLING_COEFFICIENTS) {
    polynomial = polynomial * reciprocalSquared + coefficient;
  }
  return Math.log(n) / 2 - n + LOG_TWO_PI / 2 + reciprocal * polynomial;
}

function multiplySquare(left: Float64Array, right: Float64Array, size: number): Float64Array {
  const product = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    const rowOffset = i * size;
    for (let k = 0; k < size; k++) {
      const factor = left[rowOffset + k];
      if (factor === 0) {
        continue;
      }
      const rightOffset = k * size;
      for (let j = 0; j < size; j++) {
        product[rowOffset + j] += factor * right[rightOffset + j];
      }
    }
  }
  return product;
}

/** Pr(D_n <= d) by Durbin's matrix method as organised by Marsaglia, Tsang & Wang (2003). */
function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) {
    return 1;
  }
  const nd = n * d;
  if (nd <= 0.5) {
    return 0;
  }
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let matrix: Float64Array = new Float64Array(m * m);
  const firstColumn = new Float64Array(m);
  const inverseFactorials = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j++) {
    inverseFactorials[j - 1] = factorial;
    factorial /= j;
    firstColumn[j - 1] = (1 - h ** j) * factorial;
  }
  const correction = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  firstColumn[m - 1] = (1 + correction) * factorial;
  for (let i = 1; i < m; i++) {
    for (let row = i - 1; row < m; row++) {
      matrix[row * m + i] = inverseFactorials[row - i + 1];
    }
  }
  for (let row = 0; row < m; row++) {
    matrix[row * m] = firstColumn[row];
  }
  for (let column = 0; column < m; column++) {
    matrix[(m - 1) * m + column] = firstColumn[m - 1 - column];
  }

  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    power[i * m + i] = 1;
  }
  let exponent = 0;
  let matrixExponent = 0;
  let remaining = n;
  while (remaining > 0) {
    if (remaining % 2 === 1) {
      power = multiplySquare(power, matrix, m);
      exponent += matrixExponent;
    }
    matrix = multiplySquare(matrix, matrix, m);
    matrixExponent *= 2;
    if (Math.abs(matrix[(k - 1) * m + (k - 1)]) > SCALE_UP) {
      for (let i = 0; i < matrix.length; i++) {
        matrix[i] *= SCALE_DOWN;
      }
      matrixExponent += SCALE_EXPONENT;
    }
    remaining = Math.floor(remaining / 2);
  }
  let p = power[(k - 1) * m + (k - 1)];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SCALE_DOWN) {
      p *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
  }
  return clipProbability(p * 2 ** exponent);
}

/** Pelz–Good (1976) approximation of Pr(D_n <= x) for small n·x². */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) {
    return 0;
  }
  if (x >= 1) {
    return 1;
  }
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qLog = -PI_SQUARED / 8 / z2;
  if (qLog < MIN_LOG) {
    return 0;
  }
  let q = Math.exp(qLog);
  const k1a = -z2;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI_SQUARED) / 4;
  const k2c = (PI_FOURTH * (1 - 2 * z2)) / 16;
  const k3d = (PI_SIXTH * (5 - 30 * z2)) / 64;
  const k3c = (PI_FOURTH * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI_SQUARED * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const terms = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k > 0; k--) {
    const odd = 2 * k - 1;
    const odd2 = odd * odd;
    const odd4 = odd2 * odd2;
    const odd6 = odd4 * odd2;
    const qPower = q ** (8 * k);
    terms[0] = terms[0] * qPower + 1;
    terms[1] = terms[1] * qPower + (k1a + k1b * odd2);
    terms[2] = terms[2] * qPower + (k2a + k2b * odd2 + k2c * odd4);
    terms[3] = terms[3] * qPower + (k3a + k3b * odd2 + k3c * odd4 + k3d * odd6);
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) {
    terms[i] = (terms[i] * q * SQRT_TWO_PI) / divisors[i];
  }
  q = Math.exp(-PI_SQUARED / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let k2Extra = 0;
  let k3Extra = 0;
  for (let k = maxK; k > 0; k--) {
    const k2 = k * k;
    const qPower = q ** k2;
    const kPi = Math.PI * k;
    k2Extra += k2 * qPower;
    k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * k2 * qPower;
  }
  terms[2] += (k2Extra * PI_SQUARED * SQRT_TWO_PI) / (-36 * z3);
  terms[3] += (k3Extra * PI_SQUARED * SQRT_TWO_PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    sum += terms[i] / n ** (i / 2);
  }
  return sum;
}

/** floor(n·x) and the fractional part, computed without rounding the product first. */
function splitProduct(n: number, x: number): { floor: number; fraction: number } {
  const product = n * x;
  // Dekker's exact product: n·x = product + error.
  const splitter = 134217729;
  const xHigh = x * splitter - (x * splitter - x);
  const xLow = x - xHigh;
  const nHigh = n * splitter - (n * splitter - n);
  const nLow = n - nHigh;
  const error = nHigh * xHigh - product + nHigh * xLow + nLow * xHigh + nLow * xLow;
  let floor = Math.floor(product);
  let fraction = product - floor + error;
  if (fraction < 0) {
    floor -= 1;
    fraction += 1;
  }
  if (fraction >= 1) {
    floor += 1;
    fraction -= 1;
  }
  return { floor, fraction };
}

/**
 * One-sided Smirnov survival Pr(D_n^+ >= x), same as scipy.special.smirnov(n, x), by the
 * Birnbaum–Tingey sum Σ_{v=0}^{⌊n(1−x)⌋} C(n,v) x (x + v/n)^(v−1) (1 − x − v/n)^(n−v).
 * Terms are evaluated in log space, which keeps each one to about n·ε relative error.
 */
export function smirnovSurvival(n: number, x: number): number {
  if (n === 1) {
    return 1 - x;
  }
  if (x <= 0) {
    return 1;
  }
  if (x >= 1) {
    return 0;
  }
  const { floor: nxFloor, fraction: alpha } = splitProduct(n, x);
  let lastTerm = n - nxFloor - (alpha === 0 ? 0 : 1);
  if (alpha === 0) {
    lastTerm -= 1;
  }
  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) {
    return clipProbability(1 - x * (1 + x) ** (n - 1));
  }
  if (-2 * n * x * x < SMIRNOV_MIN_LOG) {
    return 0;
  }
  if (nxFloor >= n - 1) {
    return clipProbability((1 - x) ** n);
  }
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logP = -((6 * n * x + 1) ** 2) / 18 / n;
    return clipProbability(logP < -Math.LN2 ? Math.exp(logP) : 1 + Math.expm1(logP));
  }
  const termCount = lastTerm + 1;
  const middle = Math.floor(n / 2);
  let sum = Math.exp(n * Math.log1p(-x)) / x;
  let logBinomial = Math.log(n);
  for (let v = 1; v < termCount; v++) {
    const logTerm = logBinomial + (n - v) * Math.log((n - v) / n - x) + (v - 1) * Math.log(v / n + x);
    const term = Math.exp(logTerm);
    if (term !== 0) {
      sum += term;
      if (4 * (termCount - v) * term < Number.EPSILON * sum && v !== termCount - 1) {
        break;
      }
    } else if (v > middle) {
      break;
    }
    logBinomial += Math.log((n - v) / (v + 1));
  }
  return clipProbability(x * sum);
}

/** Survival function of the two-sided KS statistic, same as scipy.stats.kstwo.sf(x, n). */
export function kolmogorovSmirnovTwoSidedSurvival(n: number, x: number): number {
  if (x >= 1) {
    return 0;
  }
  if (x <= 0) {
    return 1;
  }
  const t = n * x;
  if (t <= 1) {
    // Ruben–Gambino: Pr(D_n <= x) = n!/n^n (2t − 1)^n for 1/(2n) <= x <= 1/n.
    if (t <= 0.5) {
      return 1;
    }
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) {
        cdf *= (i / n) * (2 * t - 1);
      }
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clipProbability(1 - cdf);
  }
  if (t >= n - 1) {
    return clipProbability(2 * (1 - x) ** n);
  }
  if (x >= 0.5) {
    return clipProbability(2 * smirnovSurvival(n, x));
  }
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 4) {
      return clipProbability(1 - durbinMatrixCdf(n, x));
    }
    return clipProbability(2 * smirnovSurvival(n, x));
  }
  if (nxSquared >= 370) {
    return 0;
  }
  if (nxSquared >= 2.2) {
    return clipProbability(2 * smirnovSurvival(n, x));
  }
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clipProbability(1 - cdf);
}
