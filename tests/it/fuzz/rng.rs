//! A small seeded generator (splitmix64): the same seed gives the same cases
//! on every machine, so a failure is replayed from its seed and case index.

pub struct Rng(u64);

impl Rng {
    /// The generator of one case: independent of how many cases ran before.
    pub fn for_case(seed: u64, case: u64) -> Rng {
        Rng(seed ^ case.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A range inside `0..len`, at most `max` long.
    pub fn span(&mut self, len: usize, max: usize) -> (usize, usize) {
        let start = self.below(len + 1);
        let n = self.below(max.min(len - start) + 1);
        (start, start + n)
    }
}
