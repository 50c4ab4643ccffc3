//! Mergeable, fixed-memory statistics per week.
//!
//! `LogHistogram` is a log-linear histogram (by default 64 buckets per power
//! of two, indexed straight from the float's bits): percentiles come back
//! within 0.78 % of the true order statistic (half a bucket), about two
//! pixels on a 300-pixel chart, and memory depends on the spread of the
//! values, not on the number of runs. Quantities that span many powers of
//! two (money) use 16 buckets per power of two ([`MoneyHistogram`], within
//! 3.1 %), so their histograms stay small enough to stay in cache. Counts are integers and sums are fixed-point integers, so
//! merging in any order gives the same bytes. A bucket's count is 16 bits
//! while its histogram holds at most 65,535 values (no bucket can hold
//! more than that), 32 bits beyond: half the cache lines for the per-week
//! histograms of any job up to 65,535 runs, the same counts and bytes.

use crate::fastmath;

/// Buckets per power of two, as bits, of the default histogram.
const SUB_BITS: u32 = 6;
/// Buckets per power of two, as bits, of money and runway histograms.
pub const MONEY_SUB_BITS: u32 = 4;
/// Values below this count as zero.
pub const MIN_TRACKED: f64 = 1e-6;
/// Values above this are clamped (no model quantity comes near it).
pub const MAX_TRACKED: f64 = 1e12;
/// Fixed-point scale of the sums behind the means (2^24).
const SUM_SCALE: f64 = 16_777_216.0;
/// Relative error bound of a percentile, as documented.
pub const RELATIVE_ERROR: f64 = 1.0 / (1u64 << (SUB_BITS + 1)) as f64;
/// Relative error bound of a money or runway percentile.
pub const MONEY_RELATIVE_ERROR: f64 = 1.0 / (1u64 << (MONEY_SUB_BITS + 1)) as f64;

/// Values a histogram may hold with 16-bit counts.
const NARROW_MAX: u64 = u16::MAX as u64;

/// A bucket count: `u16` or `u32`.
trait Count: Copy + Default + Ord + Into<u64> + std::ops::AddAssign + From<u8> + From<u16> + TryFrom<u64> {}
impl Count for u16 {}
impl Count for u32 {}

/// The buckets' counts, `Narrow` only while the histogram holds at most
/// [`NARROW_MAX`] values (so no count can overflow); `Wide` for any number.
#[derive(Debug, Clone)]
enum Counts {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl Default for Counts {
    fn default() -> Self {
        Counts::Narrow(Vec::new())
    }
}

/// Runs `$body` with `$c` bound to the counts' vector, whichever its width.
macro_rules! with_counts {
    ($counts:expr, $c:ident => $body:expr) => {
        match $counts {
            Counts::Narrow($c) => $body,
            Counts::Wide($c) => $body,
        }
    };
}

/// The nearest ranks of sorted percentiles `ps` in (0, 1] among `n` values
/// (from 1 to `n`), for [`LogHistogram::quantiles_ranked`].
#[derive(Debug, Clone, Copy)]
pub struct Ranks<const K: usize> {
    n: u64,
    ps: [f64; K],
    ranks: [u64; K],
}

impl<const K: usize> Ranks<K> {
    pub fn new(n: u64, ps: [f64; K]) -> Self {
        // An empty histogram answers 0 whatever its ranks.
        Ranks {
            n,
            ps,
            ranks: ps.map(|p| ((p * n as f64).ceil() as u64).clamp(1, n.max(1))),
        }
    }
}

/// A histogram of non-negative values with a running fixed-point sum, with
/// `2^SUB` buckets per power of two.
#[derive(Debug, Clone, Default)]
pub struct LogHistogram<const SUB: u32 = SUB_BITS> {
    zeros: u64,
    /// Values seen: `zeros` plus every bucket's count, kept as values are
    /// added, so counting, percentiles and means do not sum the buckets.
    total: u64,
    offset: u32,
    counts: Counts,
    sum: i128,
}

/// Equal when they hold the same values, whatever the width of their counts.
impl<const SUB: u32> PartialEq for LogHistogram<SUB> {
    fn eq(&self, other: &Self) -> bool {
        self.zeros == other.zeros
            && self.total == other.total
            && self.offset == other.offset
            && self.sum == other.sum
            && self.len() == other.len()
            && (0..self.len()).all(|i| self.count_at(i) == other.count_at(i))
    }
}

impl<const SUB: u32> Eq for LogHistogram<SUB> {}

/// Adds `b` bucket by bucket into `a`.
fn add_into<A: Copy + std::ops::AddAssign + From<B>, B: Copy>(a: &mut [A], b: &[B]) {
    for (x, &y) in a.iter_mut().zip(b) {
        *x += A::from(y);
    }
}

/// Whether [`LogHistogram::insert_all`] takes a block of plain values
/// through [`LogHistogram::insert_plain`]: natively, where SSE2 (the
/// baseline of x86-64) has no unsigned 32-bit minimum for the packing
/// path's key range and the plain path executes 11 % fewer instructions per
/// run-week; not in wasm, whose `simd128` has that minimum and where the
/// plain path ran 3–7 % slower in a Chromium worker (BENCHMARKS.md). Both
/// paths give the same bytes.
const PLAIN_BLOCKS: bool = cfg!(not(target_arch = "wasm32"));

/// 2^39: from here on a value's fixed-point integer (`× SUM_SCALE`) is
/// 2^63 or more, and `as i64` saturates at `i64::MAX`.
const SATURATED: f64 = 549_755_813_888.0;

/// `Σ (x × SUM_SCALE) as i64` over values in [`MIN_TRACKED`],
/// [`MAX_TRACKED`], as an `i128`: each value below saturation converts
/// without the saturating cast's checks and adds into 64 bits with a count
/// of carries; a saturated one counts as `i64::MAX`. (Anything else, which
/// the caller never passes, counts as 0.)
#[inline]
fn fixed_sum(xs: &[f64]) -> i128 {
    debug_assert!(xs.iter().all(|&x| (MIN_TRACKED..=MAX_TRACKED).contains(&x)));
    let (mut low, mut carries, mut saturated) = (0u64, 0u64, 0u64);
    for &x in xs {
        let over = x >= SATURATED;
        // A saturated value, NaN or a negative one adds 0 here.
        let x = fastmath::select((0.0..SATURATED).contains(&x), x, 0.0);
        // SAFETY: 0 ≤ x < 2^39, so 0 ≤ x × 2^24 < 2^63: within `i64`.
        let v = unsafe { (x * SUM_SCALE).to_int_unchecked::<i64>() } as u64;
        let (sum, carry) = low.overflowing_add(v);
        low = sum;
        carries += carry as u64;
        saturated += over as u64;
    }
    fixed_total(low, carries, saturated)
}

/// The `i128` of a [`fixed_sum`] from its low 64 bits, its carries out of
/// them and its saturated values.
#[inline(always)]
fn fixed_total(low: u64, carries: u64, saturated: u64) -> i128 {
    ((carries as i128) << 64) + low as i128 + saturated as i128 * i64::MAX as i128
}

/// `sum as f64`: through `i64` where the sum fits, the same value (both
/// conversions round to nearest), so wasm, which has no instruction for the
/// 128-bit one, calls its software conversion only for a sum past 2^63.
#[inline]
fn sum_as_f64(sum: i128) -> f64 {
    match i64::try_from(sum) {
        Ok(v) => v as f64,
        Err(_) => sum as f64,
    }
}

/// See [`LogHistogram::prefetch`].
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn prefetch_lines<T>(counts: &[T]) -> u64 {
    use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
    let p = counts.as_ptr() as *const i8;
    for line in (0..std::mem::size_of_val(counts)).step_by(64) {
        // SAFETY: a prefetch is a hint: it reads nothing and cannot fault.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(line)) };
    }
    0
}

/// See [`LogHistogram::prefetch`].
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn prefetch_lines<T: Count>(counts: &[T]) -> u64 {
    counts.iter().step_by(64 / std::mem::size_of::<T>()).map(|&c| c.into()).sum()
}

/// Grows `counts` (its first bucket's key `offset`) to reach key `k`.
fn grow_vec<T: Count>(counts: &mut Vec<T>, offset: &mut u32, k: u32) {
    if counts.is_empty() {
        *offset = k;
        counts.push(T::default());
    } else if k < *offset {
        let grow = (*offset - k) as usize;
        counts.splice(0..0, std::iter::repeat_n(T::default(), grow));
        *offset = k;
    } else if (k - *offset) as usize >= counts.len() {
        counts.resize((k - *offset) as usize + 1, T::default());
    }
}

/// The coarser histogram of money and runway series.
pub type MoneyHistogram = LogHistogram<MONEY_SUB_BITS>;

impl<const SUB: u32> LogHistogram<SUB> {
    const SHIFT: u32 = 52 - SUB;

    #[inline]
    fn key(x: f64) -> u32 {
        (x.to_bits() >> Self::SHIFT) as u32
    }

    /// The middle of bucket `key`.
    fn bucket_mid(key: u32) -> f64 {
        let lo = f64::from_bits((key as u64) << Self::SHIFT);
        let hi = f64::from_bits(((key as u64) + 1) << Self::SHIFT);
        0.5 * (lo + hi)
    }

    /// Adds one value; negatives, NaN and values below `MIN_TRACKED` count as zero.
    #[inline]
    pub fn insert(&mut self, x: f64) {
        self.total += 1;
        if x.is_nan() || x < MIN_TRACKED {
            self.zeros += 1;
            return;
        }
        let x = fastmath::min(x, MAX_TRACKED);
        self.sum += fixed_sum(&[x]);
        self.widen_if_needed();
        let k = Self::key(x);
        self.reach(k);
        let i = (k - self.offset) as usize;
        with_counts!(&mut self.counts, c => c[i] += 1);
    }

    /// Adds `n` zeros: what [`Self::insert`] of `0.0` `n` times adds.
    #[inline(always)]
    pub fn insert_zeros(&mut self, n: u64) {
        self.total += n;
        self.zeros += n;
    }

    /// Adds every value of `xs`: the same counts and sum as [`Self::insert`]
    /// of each in turn (a histogram's bytes do not depend on the order of
    /// its values), with the bucket range grown once per block of values.
    #[inline]
    pub fn insert_all(&mut self, xs: &[f64]) {
        const BLOCK: usize = 64;
        for chunk in xs.chunks(BLOCK) {
            if PLAIN_BLOCKS && self.insert_plain(chunk) {
                continue;
            }
            // The values that count (not zero, NaN or negative) first, packed
            // without a branch: where zeros and values mix (runs out of cash
            // beside funded ones) a branch on each value is a coin toss.
            let mut tracked = [0f64; BLOCK];
            let mut n = 0usize;
            // Clamped as they are packed (`fastmath::min` for a value that
            // is not NaN).
            for &x in chunk {
                tracked[n % BLOCK] = fastmath::select(x > MAX_TRACKED, MAX_TRACKED, x); // n < BLOCK here: no bounds check
                n += (x >= MIN_TRACKED) as usize; // false for NaN
            }
            let zeros = (chunk.len() - n) as u64;
            let mut keys = [0u32; BLOCK];
            let sum = fixed_sum(&tracked[..n]);
            let (mut lo, mut hi) = (u32::MAX, 0u32);
            for (slot, &x) in keys.iter_mut().zip(&tracked[..n]) {
                let k = Self::key(x);
                *slot = k;
                lo = lo.min(k);
                hi = hi.max(k);
            }
            self.total += chunk.len() as u64;
            self.zeros += zeros;
            self.sum += sum;
            if n == 0 {
                continue;
            }
            self.widen_if_needed();
            // The range after inserting one by one: from the smallest key
            // ever seen to the largest.
            self.reach_range(lo, hi);
            let offset = self.offset;
            with_counts!(&mut self.counts, counts => {
                for &k in &keys[..n] {
                    counts[(k - offset) as usize] += 1;
                }
            });
        }
    }

    /// [`Self::insert_all`] of a block of at most 64 values that all count
    /// and none of which saturates the fixed-point sum (each at least
    /// [`MIN_TRACKED`] and below 2^39, as almost every block of a batch's
    /// funded runs is): nothing to pack, clamp or select, so every loop
    /// runs over the block as it is and vectorises. Adds nothing and
    /// returns false for any other block.
    #[inline(always)]
    fn insert_plain(&mut self, chunk: &[f64]) -> bool {
        const LANES: usize = 4;
        let mut plain = 0usize;
        for &x in chunk {
            plain += (MIN_TRACKED..SATURATED).contains(&x) as usize; // false for NaN
        }
        if plain != chunk.len() {
            return false;
        }
        // The keys' range from the values' (a key grows with its value),
        // in lanes so that the minima and maxima are vector instructions.
        let (mut least, mut most) = ([SATURATED; LANES], [MIN_TRACKED; LANES]);
        let mut quads = chunk.chunks_exact(LANES);
        for quad in &mut quads {
            for j in 0..LANES {
                least[j] = if quad[j] < least[j] { quad[j] } else { least[j] };
                most[j] = if quad[j] > most[j] { quad[j] } else { most[j] };
            }
        }
        for &x in quads.remainder() {
            least[0] = if x < least[0] { x } else { least[0] };
            most[0] = if x > most[0] { x } else { most[0] };
        }
        let least = least.into_iter().fold(SATURATED, |a, b| if b < a { b } else { a });
        let most = most.into_iter().fold(MIN_TRACKED, |a, b| if b > a { b } else { a });
        let (mut low, mut carries) = (0u64, 0u64);
        for &x in chunk {
            // SAFETY: MIN_TRACKED ≤ x < 2^39, so 0 ≤ x × 2^24 < 2^63: within `i64`.
            let v = unsafe { (x * SUM_SCALE).to_int_unchecked::<i64>() } as u64;
            let (sum, carry) = low.overflowing_add(v);
            low = sum;
            carries += carry as u64;
        }
        self.total += chunk.len() as u64;
        self.sum += fixed_total(low, carries, 0);
        self.widen_if_needed();
        self.reach_range(Self::key(least), Self::key(most));
        let offset = self.offset;
        with_counts!(&mut self.counts, counts => {
            for &x in chunk {
                counts[(Self::key(x) - offset) as usize] += 1;
            }
        });
        true
    }

    /// Number of buckets, from the first one holding a value to the last.
    #[inline(always)]
    fn len(&self) -> usize {
        with_counts!(&self.counts, c => c.len())
    }

    /// The count of bucket `i` (from the first).
    fn count_at(&self, i: usize) -> u64 {
        with_counts!(&self.counts, c => c[i].into())
    }

    /// Grows the range to include key `k`.
    #[inline(always)]
    fn reach(&mut self, k: u32) {
        if k.wrapping_sub(self.offset) as usize >= self.len() {
            self.grow_to(k);
        }
    }

    /// Grows the range to include keys `lo` to `hi` (`lo ≤ hi`): for an
    /// empty histogram, its buckets allocated once at their size.
    #[inline(always)]
    fn reach_range(&mut self, lo: u32, hi: u32) {
        if self.len() == 0 {
            self.start_range(lo, hi);
        } else {
            self.reach(lo);
            self.reach(hi);
        }
    }

    #[cold]
    fn start_range(&mut self, lo: u32, hi: u32) {
        self.offset = lo;
        with_counts!(&mut self.counts, c => c.resize((hi - lo) as usize + 1, Default::default()));
    }

    #[cold]
    fn grow_to(&mut self, k: u32) {
        let offset = &mut self.offset;
        with_counts!(&mut self.counts, c => grow_vec(c, offset, k));
    }

    /// 32-bit counts once the values seen could overflow 16-bit ones.
    #[inline(always)]
    fn widen_if_needed(&mut self) {
        if self.total > NARROW_MAX && matches!(self.counts, Counts::Narrow(_)) {
            self.widen();
        }
    }

    /// 32-bit counts from now on (nothing to do when they are already).
    #[cold]
    fn widen(&mut self) {
        if let Counts::Narrow(c) = &self.counts {
            self.counts = Counts::Wide(c.iter().map(|&x| x as u32).collect());
        }
    }

    /// Brings the buckets' counts into cache ahead of their next inserts
    /// (a batch inserts into each week's histograms once, and a strategy's
    /// histograms of all weeks are more than a core's cache holds): a
    /// prefetch of each of their cache lines where the CPU has one
    /// (x86-64), else a read of one count per line, whose sum is returned
    /// for the caller to keep (`std::hint::black_box`) so the reads are not
    /// dropped. Changes no count.
    #[inline(always)]
    pub fn prefetch(&self) -> u64 {
        with_counts!(&self.counts, c => prefetch_lines(c))
    }

    /// Number of values seen.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// Adds everything `other` holds: the range grown once to cover both,
    /// then the counts added bucket by bucket.
    pub fn merge(&mut self, other: &Self) {
        self.zeros += other.zeros;
        self.total += other.total;
        self.sum += other.sum;
        let Some(last) = other.len().checked_sub(1) else {
            return;
        };
        // Wide when the sum could pass 16 bits, or to take wide counts.
        if self.total > NARROW_MAX || matches!(other.counts, Counts::Wide(_)) {
            self.widen();
        }
        self.reach_range(other.offset, other.offset + last as u32);
        let from = (other.offset - self.offset) as usize;
        match (&mut self.counts, &other.counts) {
            (Counts::Narrow(a), Counts::Narrow(b)) => add_into(&mut a[from..], b),
            (Counts::Wide(a), Counts::Narrow(b)) => add_into(&mut a[from..], b),
            (Counts::Wide(a), Counts::Wide(b)) => add_into(&mut a[from..], b),
            // Widened above.
            (Counts::Narrow(_), Counts::Wide(_)) => {}
        }
    }

    /// The mean of the values seen (0 when empty).
    pub fn mean(&self) -> f64 {
        let n = self.count();
        if n == 0 {
            0.0
        } else {
            sum_as_f64(self.sum) / SUM_SCALE / n as f64
        }
    }

    /// Nearest-rank percentiles for sorted `ps` in (0, 1]; 0 when empty.
    pub fn quantiles<const K: usize>(&self, ps: [f64; K]) -> [f64; K] {
        self.quantiles_ranked(&Ranks::new(self.count(), ps))
    }

    /// [`Self::quantiles`] at ranks made for this histogram's count, as a
    /// caller reading many histograms of one count (a week of every run
    /// each) makes them once; ranks made for another count are made again.
    pub fn quantiles_ranked<const K: usize>(&self, ranks: &Ranks<K>) -> [f64; K] {
        if ranks.n != self.count() {
            return self.quantiles(ranks.ps);
        }
        with_counts!(&self.counts, c => self.quantiles_in(c, &ranks.ranks))
    }

    fn quantiles_in<T: Count, const K: usize>(&self, counts: &[T], ranks: &[u64; K]) -> [f64; K] {
        let mut out = [0.0; K];
        if self.count() == 0 {
            return out;
        }
        // Whole blocks of buckets whose values all rank below the one sought
        // are passed by their sum (a loop that vectorises), then the walk
        // goes bucket by bucket: it stops at the same bucket either way.
        const BLOCK: usize = 16;
        let mut seen = self.zeros;
        let mut bucket = 0usize;
        for (slot, &rank) in out.iter_mut().zip(ranks) {
            if rank <= self.zeros {
                *slot = 0.0;
                continue;
            }
            while let Some(block) = counts.get(bucket..bucket + BLOCK) {
                let s = block.iter().map(|&c| c.into()).sum::<u64>();
                if seen + s >= rank {
                    break;
                }
                seen += s;
                bucket += BLOCK;
            }
            while bucket < counts.len() && seen + counts[bucket].into() < rank {
                seen += counts[bucket].into();
                bucket += 1;
            }
            *slot = Self::bucket_mid(self.offset + bucket.min(counts.len() - 1) as u32);
        }
        out
    }

    /// The mean of the largest `share` of the values (bucket middles), e.g.
    /// the worst sixth of rewrite overruns; 0 when empty.
    pub fn upper_mean(&self, share: f64) -> f64 {
        let n = self.count();
        let want = ((share * n as f64).ceil() as u64).clamp(1, n.max(1));
        if n == 0 {
            return 0.0;
        }
        let (mut taken, mut total) = (0u64, 0.0);
        for i in (0..self.len()).rev() {
            let take = self.count_at(i).min(want - taken);
            total += take as f64 * Self::bucket_mid(self.offset + i as u32);
            taken += take;
            if taken == want {
                break;
            }
        }
        total / want as f64
    }

    /// Appends a compact binary form to `out`: LEB128 varints for the
    /// values at zero, the fixed-point sum, the first bucket's key and
    /// `4L + w` for `L` buckets, then every bucket's count as a
    /// little-endian integer of `2^w` bytes: the narrowest that holds the
    /// largest count (one byte below 256, two below 65,536, else four).
    /// Writing and reading it are plain copies of the counts, without a
    /// branch per bucket.
    pub fn write(&self, out: &mut Vec<u8>) {
        write_varint_u64(out, self.zeros);
        // Sums are never negative (values are clamped to >= 0).
        write_varint(out, self.sum.max(0) as u128);
        write_varint_u64(out, self.offset as u64);
        with_counts!(&self.counts, c => Self::write_counts(c, out));
    }

    fn write_counts<T: Count>(counts: &[T], out: &mut Vec<u8>) {
        let width = count_width(Self::most(counts).into());
        write_varint_u64(out, ((counts.len() as u64) << 2) | width as u64);
        match width {
            0 => out.extend(counts.iter().map(|&c| Into::<u64>::into(c) as u8)),
            1 => {
                let at = out.len();
                out.resize(at + 2 * counts.len(), 0);
                for (b, &c) in out[at..].chunks_exact_mut(2).zip(counts) {
                    b.copy_from_slice(&(Into::<u64>::into(c) as u16).to_le_bytes());
                }
            }
            _ => {
                let at = out.len();
                out.resize(at + 4 * counts.len(), 0);
                for (b, &c) in out[at..].chunks_exact_mut(4).zip(counts) {
                    b.copy_from_slice(&(Into::<u64>::into(c) as u32).to_le_bytes());
                }
            }
        }
    }

    /// The largest count: in the counts' own width, a loop that vectorises.
    fn most<T: Count>(counts: &[T]) -> T {
        counts.iter().fold(T::default(), |most, &c| most.max(c))
    }

    /// Reads what `write` wrote; `None` when the bytes are not such a histogram.
    pub fn read(input: &mut Reader<'_>) -> Option<Self> {
        let mut h = Self::default();
        h.read_into(input)?;
        Some(h)
    }

    /// [`Self::read`] into this histogram, reusing its buckets' memory;
    /// on `None` its contents are unspecified.
    pub fn read_into(&mut self, input: &mut Reader<'_>) -> Option<()> {
        let zeros = input.varint_u64()?;
        let sum = i128::try_from(input.varint()?).ok()?;
        let offset = u32::try_from(input.varint_u64()?).ok()?;
        let form = input.varint_u64()?;
        let (len, width) = (usize::try_from(form >> 2).ok()?, (form & 3) as u32);
        if len > (1 << 17) || offset.checked_add(len as u32)? > (1 << 17) {
            return None;
        }
        let counts_at = input.clone();
        let read = with_counts!(&mut self.counts, c => Self::read_counts(c, input, len, width)?);
        let tracked = match read {
            Some(tracked) => tracked,
            None => {
                // A count past 16 bits: read again into 32-bit counts.
                *input = counts_at;
                let mut wide = Vec::new();
                let tracked = Self::read_counts::<u32>(&mut wide, input, len, width)??;
                self.counts = Counts::Wide(wide);
                tracked
            }
        };
        // Every count must add up without overflow, and the sum can be no more
        // than each tracked value at its clamp (inserts add at most i64::MAX).
        let total = zeros.checked_add(tracked)?;
        if sum > tracked as i128 * i64::MAX as i128 {
            return None;
        }
        self.zeros = zeros;
        self.total = total;
        self.offset = offset;
        self.sum = sum;
        self.widen_if_needed();
        Some(())
    }

    /// Reads `len` buckets of `2^width` bytes each, as `write` wrote them,
    /// into `counts`: the values they hold; `None` for bytes that are not
    /// such buckets (too few, or a width other than the one `write` would
    /// choose), `Some(None)` for a count too large for `T`.
    fn read_counts<T: Count>(counts: &mut Vec<T>, input: &mut Reader<'_>, len: usize, width: u32) -> Option<Option<u64>> {
        counts.clear();
        let bytes = input.bytes(len.checked_shl(width)?)?;
        match width {
            0 => counts.extend(bytes.iter().map(|&b| T::from(b))),
            1 => counts.extend(bytes.chunks_exact(2).map(|b| T::from(u16::from_le_bytes([b[0], b[1]])))),
            2 => {
                for b in bytes.chunks_exact(4) {
                    let Ok(c) = T::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64) else {
                        return Some(None);
                    };
                    counts.push(c);
                }
            }
            _ => return None,
        }
        // Canonical, as `write` chooses it.
        if count_width(Self::most(counts).into()) != width {
            return None;
        }
        // At most 2^17 buckets of less than 2^32 each: no overflow.
        Some(Some(counts.iter().map(|&c| Into::<u64>::into(c)).sum()))
    }
}

/// The width `LogHistogram::write` gives buckets whose largest count is
/// `most`: `2^w` bytes each.
fn count_width(most: u64) -> u32 {
    match most {
        0..=0xff => 0,
        0x100..=0xffff => 1,
        _ => 2,
    }
}

/// Appends `x` as an unsigned LEB128 varint.
#[inline]
pub fn write_varint(out: &mut Vec<u8>, mut x: u128) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// [`write_varint`] of a 64-bit value, in 64-bit arithmetic: the same bytes.
#[inline]
pub fn write_varint_u64(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// A cursor over bytes that never panics.
#[derive(Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.bytes.split_first_chunk::<N>()?;
        self.bytes = rest;
        Some(*head)
    }

    /// An unsigned LEB128 varint of at most 19 bytes (128 bits).
    pub fn varint(&mut self) -> Option<u128> {
        let mut x: u128 = 0;
        for i in 0..19 {
            let [b] = self.take::<1>()?;
            let bits = (b & 0x7f) as u128;
            if i == 18 && bits > 0x03 {
                return None;
            }
            x |= bits << (7 * i);
            if b & 0x80 == 0 {
                return Some(x);
            }
        }
        None
    }

    /// An unsigned LEB128 varint that fits in 64 bits (most are one byte:
    /// that case is read first, inline: wasm engines otherwise call it for
    /// every one).
    #[inline(always)]
    pub fn varint_u64(&mut self) -> Option<u64> {
        let (&b, rest) = self.bytes.split_first()?;
        if b < 0x80 {
            self.bytes = rest;
            return Some(b as u64);
        }
        u64::try_from(self.varint()?).ok()
    }

    pub fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }

    /// The next `n` bytes as they are.
    pub fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }

    pub fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }

    pub fn f32(&mut self) -> Option<f32> {
        self.take().map(f32::from_le_bytes)
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn percentiles_are_within_the_stated_error() {
        let mut h = LogHistogram::<6>::default();
        let mut values: Vec<f64> = (1..=10_000).map(|i| (i as f64) * 0.37).collect();
        for v in &values {
            h.insert(*v);
        }
        values.sort_by(f64::total_cmp);
        let ps = [0.1, 0.25, 0.5, 0.75, 0.9];
        let got = h.quantiles(ps);
        for (p, g) in ps.iter().zip(got) {
            let exact = values[(p * values.len() as f64).ceil() as usize - 1];
            assert!(((g - exact) / exact).abs() <= RELATIVE_ERROR, "p{p}: {g} vs {exact}");
        }
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!((h.mean() - mean).abs() < 1e-6);
    }

    #[test]
    fn block_fixed_sums_are_the_sums_of_saturating_64_bit_conversions() {
        let mut xs = vec![
            MIN_TRACKED,
            MAX_TRACKED,
            SATURATED,
            f64::from_bits(SATURATED.to_bits() - 1),
            f64::from_bits(SATURATED.to_bits() + 1),
            1.0,
            1.0 - f64::EPSILON / 2.0,
            (1u64 << 40) as f64 / SUM_SCALE,
            ((1u64 << 32) as f64 - 0.5) / SUM_SCALE,
            ((1u64 << 32) as f64 + 0.75) / SUM_SCALE,
            2.5 / SUM_SCALE + 1e-6,
        ];
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        for _ in 0..10_000 {
            // Log-uniform over [1e-6, 1e12]: every bucket scale of the model.
            let u: f64 = rng.random_range(0.0..1.0);
            xs.push(fastmath::min(1e-6 * libm::exp(u * 41.45), MAX_TRACKED));
        }
        for n in [0, 1, 3, 4, 5, 11, 64, xs.len()] {
            let want: i128 = xs[..n].iter().map(|&x| (x * SUM_SCALE) as i64 as i128).sum();
            assert_eq!(fixed_sum(&xs[..n]), want, "{n} values");
        }
        for &x in &xs[..11] {
            assert_eq!(fixed_sum(&[x]), (x * SUM_SCALE) as i64 as i128, "{x:e}");
        }
    }

    /// The sum's conversion through `i64` gives the 128-bit conversion's
    /// value: at the ends of `i64`, around 2^53 where not every integer is a
    /// double (the ties round to even either way), and over a sweep.
    #[test]
    fn sums_convert_to_f64_as_the_128_bit_conversion_does() {
        let mut sums: Vec<i128> = vec![
            0,
            1,
            -1,
            i64::MAX as i128,
            i64::MIN as i128,
            i64::MAX as i128 + 1,
            i128::MAX,
            i128::MIN,
        ];
        for k in [52, 53, 54, 60, 62] {
            let p = 1i128 << k;
            sums.extend((-3..=3).flat_map(|d| [p + d, -p + d]));
        }
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..10_000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            sums.push((x as i64 >> (x % 40)) as i128);
        }
        for s in sums {
            assert_eq!(sum_as_f64(s).to_bits(), (s as f64).to_bits(), "{s}");
        }
    }

    #[test]
    fn zeros_and_empty() {
        let mut h = LogHistogram::<6>::default();
        assert_eq!(h.quantiles([0.5]), [0.0]);
        for _ in 0..6 {
            h.insert(0.0);
        }
        for _ in 0..4 {
            h.insert(5.0);
        }
        let [p50, p90] = h.quantiles([0.5, 0.9]);
        assert_eq!(p50, 0.0);
        assert!((p90 - 5.0).abs() / 5.0 <= RELATIVE_ERROR);
        assert_eq!(h.count(), 10);
    }

    #[test]
    fn merge_equals_inserting_everything_and_round_trips() {
        let (mut a, mut b, mut all) = (
            LogHistogram::<6>::default(),
            LogHistogram::<6>::default(),
            LogHistogram::<6>::default(),
        );
        for i in 0..500 {
            let x = 1.0 + (i as f64 * 7.3) % 90.0;
            if i % 3 == 0 {
                a.insert(x)
            } else {
                b.insert(x)
            }
            all.insert(x);
        }
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab.quantiles([0.1, 0.5, 0.9]), all.quantiles([0.1, 0.5, 0.9]));
        assert_eq!(ab.mean(), all.mean());
        assert_eq!(ba.mean(), all.mean());
        let mut bytes = Vec::new();
        ab.write(&mut bytes);
        let back = LogHistogram::<6>::read(&mut Reader::new(&bytes)).unwrap();
        assert_eq!(back, ab);
        assert!(LogHistogram::<6>::read(&mut Reader::new(&bytes[..bytes.len() - 1])).is_none());
        for x in [0u128, 1, 127, 128, 300, u64::MAX as u128, u128::MAX] {
            let mut buf = Vec::new();
            write_varint(&mut buf, x);
            assert_eq!(Reader::new(&buf).varint(), Some(x));
        }
        assert_eq!(Reader::new(&[0xff; 20]).varint(), None);
    }

    /// Percentiles and the count, bucket by bucket from the buckets themselves.
    #[cfg(not(target_arch = "wasm32"))]
    fn walked<const SUB: u32, const K: usize>(h: &LogHistogram<SUB>, ps: [f64; K]) -> (u64, [f64; K]) {
        let n = h.zeros + (0..h.len()).map(|i| h.count_at(i)).sum::<u64>();
        let mut out = [0.0; K];
        for (slot, p) in out.iter_mut().zip(ps) {
            let rank = ((p * n as f64).ceil() as u64).clamp(1, n.max(1));
            let mut seen = h.zeros;
            if n == 0 || rank <= seen {
                continue;
            }
            let mut bucket = 0;
            while bucket + 1 < h.len() && seen + h.count_at(bucket) < rank {
                seen += h.count_at(bucket);
                bucket += 1;
            }
            *slot = LogHistogram::<SUB>::bucket_mid(h.offset + bucket as u32);
        }
        (n, out)
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The kept count and the block-skipping percentile walk agree with
        /// summing and walking the buckets one by one, whether the values
        /// came one at a time, as blocks, or by merging.
        #[test]
        fn kept_count_and_block_walk_match_the_buckets(
            values in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just(0.0),
                proptest::strategy::Just(f64::NAN),
                1e-9..1e-3f64,
                0.5..2.0f64,
                1.0..1e9f64,
                5e11..1e12f64,
                proptest::strategy::Just(1e15),
            ], 0..400),
            split in 0usize..400,
        ) {
            use proptest::prop_assert_eq;
            let ps = [0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0];
            let split = split.min(values.len());
            let (mut one, mut block) = (LogHistogram::<6>::default(), LogHistogram::<6>::default());
            for &x in &values {
                one.insert(x);
            }
            block.insert_all(&values);
            let (mut a, mut b) = (LogHistogram::<4>::default(), LogHistogram::<4>::default());
            a.insert_all(&values[..split]);
            b.insert_all(&values[split..]);
            a.merge(&b);
            prop_assert_eq!(&one, &block);
            let (n, q) = walked(&one, ps);
            prop_assert_eq!(one.count(), n);
            prop_assert_eq!(one.count(), values.len() as u64);
            prop_assert_eq!(one.quantiles(ps), q);
            let (n, q) = walked(&a, ps);
            prop_assert_eq!(a.count(), n);
            prop_assert_eq!(a.quantiles(ps), q);
            // Ranks made once for the count give the same; ranks made for
            // another count are made again.
            prop_assert_eq!(a.quantiles_ranked(&Ranks::new(a.count(), ps)), q);
            prop_assert_eq!(a.quantiles_ranked(&Ranks::new(a.count() + 1, ps)), q);
            prop_assert_eq!(a.quantiles_ranked(&Ranks::new(0, ps)), q);
            let mut bytes = Vec::new();
            a.write(&mut bytes);
            prop_assert_eq!(LogHistogram::<4>::read(&mut Reader::new(&bytes)), Some(a));
            let mut bytes = Vec::new();
            one.write(&mut bytes);
            prop_assert_eq!(LogHistogram::<6>::read(&mut Reader::new(&bytes)), Some(one));
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// A block of values that all count and none of which saturates the
        /// sum takes the plain path (`insert_plain`), any other block the
        /// packing one; either way the histogram is what inserting the
        /// values one by one gives, in both widths, with values at the
        /// plain range's edges (the smallest counted value and the largest
        /// unsaturated one, and their neighbours) put into the blocks.
        #[test]
        fn plain_blocks_insert_what_values_one_by_one_do(
            plain in proptest::collection::vec(proptest::prop_oneof![
                MIN_TRACKED..SATURATED,
                0.5..2.0f64,
                1e3..1e7f64,
            ], 0..300),
            edits in proptest::collection::vec((0usize..300, proptest::prop_oneof![
                proptest::strategy::Just(MIN_TRACKED),
                proptest::strategy::Just(f64::from_bits(MIN_TRACKED.to_bits() - 1)),
                proptest::strategy::Just(f64::from_bits(SATURATED.to_bits() - 1)),
                proptest::strategy::Just(SATURATED),
                proptest::strategy::Just(MAX_TRACKED),
                proptest::strategy::Just(1e15),
                proptest::strategy::Just(0.0),
                proptest::strategy::Just(-1.0),
                proptest::strategy::Just(f64::NAN),
                proptest::strategy::Just(f64::INFINITY),
            ]), 0..3),
        ) {
            use proptest::prop_assert_eq;
            let mut values = plain;
            for &(at, x) in &edits {
                if !values.is_empty() {
                    let i = at % values.len();
                    values[i] = x;
                }
            }
            for chunk in values.chunks(64) {
                let is_plain = chunk.iter().all(|&x| (MIN_TRACKED..SATURATED).contains(&x));
                prop_assert_eq!(LogHistogram::<6>::default().insert_plain(chunk), is_plain);
            }
            let (mut one, mut block) = (LogHistogram::<6>::default(), LogHistogram::<6>::default());
            let (mut one4, mut block4) = (LogHistogram::<4>::default(), LogHistogram::<4>::default());
            for &x in &values {
                one.insert(x);
                one4.insert(x);
            }
            block.insert_all(&values);
            block4.insert_all(&values);
            prop_assert_eq!(one, block);
            prop_assert_eq!(one4, block4);
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Buckets written in the narrowest width that holds their largest
        /// count read back as the same counts and values, into 32-bit
        /// counts, and into 16-bit ones unless a count needs more (then
        /// `Some(None)`, read again wide); nothing is left over.
        #[test]
        fn buckets_round_trip_in_the_narrowest_width(
            buckets in proptest::collection::vec(proptest::prop_oneof![
                6 => proptest::strategy::Just(0u32),
                3 => 1u32..256,
                1 => 256u32..65_536,
                1 => 65_536u32..=u32::MAX,
            ], 0..700),
            cap in proptest::prop_oneof![proptest::strategy::Just(255u32), proptest::strategy::Just(65_535), proptest::strategy::Just(u32::MAX)],
        ) {
            let counts: Vec<u32> = buckets.iter().map(|&c| c.min(cap)).collect();
            let most = counts.iter().copied().max().unwrap_or(0);
            let mut bytes = Vec::new();
            LogHistogram::<6>::write_counts(&counts, &mut bytes);
            let mut input = Reader::new(&bytes);
            let form = input.varint_u64().unwrap();
            let width = (form & 3) as u32;
            proptest::prop_assert_eq!(form >> 2, counts.len() as u64);
            proptest::prop_assert_eq!(width, if most < 256 { 0 } else if most < 65_536 { 1 } else { 2 });
            proptest::prop_assert_eq!(input.bytes.len(), counts.len() << width);
            let total: u64 = counts.iter().map(|&c| c as u64).sum();
            let (mut wide, mut r) = (Vec::new(), input.clone());
            proptest::prop_assert_eq!(LogHistogram::<6>::read_counts::<u32>(&mut wide, &mut r, counts.len(), width), Some(Some(total)));
            proptest::prop_assert!(wide == counts && r.is_empty());
            let (mut narrow, mut r) = (Vec::new(), input.clone());
            let read = LogHistogram::<6>::read_counts::<u16>(&mut narrow, &mut r, counts.len(), width);
            if most < 65_536 {
                proptest::prop_assert_eq!(read, Some(Some(total)));
                proptest::prop_assert!(narrow.iter().map(|&c| c as u32).eq(counts.iter().copied()) && r.is_empty());
            } else {
                proptest::prop_assert_eq!(read, Some(None));
            }
        }
    }

    #[test]
    fn counts_widen_past_65535_values_with_the_same_counts_and_bytes() {
        let xs = vec![1.5; 70_000];
        let (mut one, mut block) = (LogHistogram::<6>::default(), LogHistogram::<6>::default());
        for &x in &xs {
            one.insert(x);
        }
        block.insert_all(&xs);
        let (mut a, mut b) = (LogHistogram::<6>::default(), LogHistogram::<6>::default());
        a.insert_all(&xs[..40_000]);
        b.insert_all(&xs[40_000..]);
        assert!(matches!(a.counts, Counts::Narrow(_)) && matches!(one.counts, Counts::Wide(_)));
        a.merge(&b);
        assert!(matches!(a.counts, Counts::Wide(_)));
        assert_eq!((a.count_at(0), a.count()), (70_000, 70_000));
        assert!(a == one && block == one);
        let mid = LogHistogram::<6>::bucket_mid(LogHistogram::<6>::key(1.5));
        assert_eq!(one.quantiles([0.5, 1.0]), [mid, mid]);
        let (mut bytes, mut merged) = (Vec::new(), Vec::new());
        one.write(&mut bytes);
        a.write(&mut merged);
        assert_eq!(bytes, merged);
        // One bucket (4·1 + 2) of four bytes: 70,000 = 0x011170.
        assert_eq!(&bytes[bytes.len() - 5..], [6, 0x70, 0x11, 0x01, 0x00]);
        // Read into a histogram with 16-bit counts: a count past them is read again, wide.
        let mut back = LogHistogram::<6>::default();
        back.insert(2.0);
        back.read_into(&mut Reader::new(&bytes)).unwrap();
        assert!(back == one && matches!(back.counts, Counts::Wide(_)));
        // Many values, each bucket within 16 bits: read narrow, then widened, so more fit.
        let mut spread = LogHistogram::<6>::default();
        spread.insert_all(&vec![1.5; 40_000]);
        spread.insert_all(&vec![3.0; 40_000]);
        let mut bytes = Vec::new();
        spread.write(&mut bytes);
        let mut back = LogHistogram::<6>::default();
        back.read_into(&mut Reader::new(&bytes)).unwrap();
        assert!(back == spread && matches!(back.counts, Counts::Wide(_)));
        back.insert_all(&vec![1.5; 30_000]);
        assert_eq!((back.count_at(0), back.count()), (70_000, 110_000));
        // A wide histogram reading a small one equals the narrow original.
        let mut small = LogHistogram::<6>::default();
        small.insert_all(&[0.0, 1.0, 7.0, 7.5]);
        let mut bytes = Vec::new();
        small.write(&mut bytes);
        back.read_into(&mut Reader::new(&bytes)).unwrap();
        assert!(back == small && matches!(back.counts, Counts::Wide(_)) && matches!(small.counts, Counts::Narrow(_)));
        assert_eq!(back.quantiles([0.25, 0.5, 1.0]), small.quantiles([0.25, 0.5, 1.0]));
    }

    #[test]
    fn buckets_take_the_bytes_of_the_largest_count() {
        let mut h = LogHistogram::<6>::default();
        // 1 to 2 in steps of 1/128: the 64 buckets of one octave, two values each, and 2 itself.
        let xs: Vec<f64> = (0..=128).map(|i| 1.0 + i as f64 / 128.0).collect();
        h.insert_all(&xs);
        assert_eq!(h.len(), 65);
        let mut bytes = Vec::new();
        h.write(&mut bytes);
        // zeros 0, sum (5 bytes), first key (3), 4·65 + 0 (2), then 65 counts of one byte.
        assert_eq!(bytes.len(), 1 + 5 + 3 + 2 + 65);
        assert_eq!(&bytes[9..11], [0x84, 0x02]);
        assert_eq!(&bytes[bytes.len() - 3..], [2, 2, 1]);
        assert_eq!(LogHistogram::<6>::read(&mut Reader::new(&bytes)), Some(h.clone()));
        // The same counts two bytes each, or in a width that does not
        // exist, are not what `write` makes: refused. Too few bytes too.
        let head = &bytes[..9];
        let mut wider = head.to_vec();
        write_varint(&mut wider, 4 * 65 + 1);
        for i in 0..h.len() {
            wider.extend_from_slice(&(h.count_at(i) as u16).to_le_bytes());
        }
        assert_eq!(LogHistogram::<6>::read(&mut Reader::new(&wider)), None);
        for form in [4 * 65 + 3, 4 * 66] {
            let mut bad = head.to_vec();
            write_varint(&mut bad, form);
            bad.extend_from_slice(&bytes[11..]);
            assert_eq!(LogHistogram::<6>::read(&mut Reader::new(&bad)), None, "form {form}");
        }
        assert_eq!(LogHistogram::<6>::read(&mut Reader::new(&bytes[..bytes.len() - 1])), None);
        // A count of 256 or more: every bucket two bytes, little-endian.
        for _ in 0..300 {
            h.insert(1.5);
        }
        let mut bytes = Vec::new();
        h.write(&mut bytes);
        let counts = &bytes[bytes.len() - 2 * 65..];
        assert_eq!(&bytes[bytes.len() - 2 * 65 - 2..bytes.len() - 2 * 65], [0x85, 0x02]);
        assert_eq!(&counts[64..66], (h.count_at(32) as u16).to_le_bytes());
        assert_eq!(h.count_at(32), 302);
        assert_eq!(LogHistogram::<6>::read(&mut Reader::new(&bytes)), Some(h.clone()));
        // A sparse range is one byte a bucket too: two values eight octaves
        // apart, 513 buckets, 511 of them empty.
        let mut sparse = LogHistogram::<6>::default();
        sparse.insert_all(&[1.0, 256.0, 256.0]);
        let mut bytes = Vec::new();
        sparse.write(&mut bytes);
        assert_eq!(sparse.len(), 513);
        assert_eq!((bytes[bytes.len() - 513], bytes[bytes.len() - 1]), (1, 2));
        assert_eq!(LogHistogram::<6>::read(&mut Reader::new(&bytes)), Some(sparse));
        // An empty histogram: no buckets, the narrowest form.
        let mut bytes = Vec::new();
        LogHistogram::<6>::default().write(&mut bytes);
        assert_eq!(bytes, [0, 0, 0, 0]);
        assert_eq!(LogHistogram::<6>::read(&mut Reader::new(&bytes)), Some(LogHistogram::default()));
    }
}
