//! A small, stable content hash (FNV-1a, 128 bits) for build stamps.
//!
//! Not cryptographic: it only has to notice that a source, a flag or a compiler changed.

/// An incremental FNV-1a 128-bit hasher whose fields are length-prefixed, so that
/// `("ab", "c")` and `("a", "bc")` hash differently.
#[derive(Debug, Clone)]
pub struct StampHasher(u128);

const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

impl Default for StampHasher {
    fn default() -> Self {
        StampHasher(OFFSET)
    }
}

impl StampHasher {
    fn bytes(&mut self, data: &[u8]) {
        for &b in data {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }

    /// Adds one field.
    pub fn field(&mut self, data: impl AsRef<[u8]>) -> &mut Self {
        let data = data.as_ref();
        self.bytes(&(data.len() as u64).to_le_bytes());
        self.bytes(data);
        self
    }

    /// The digest, as 32 hex digits.
    pub fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_separated() {
        let a = StampHasher::default().field("ab").field("c").hex();
        let b = StampHasher::default().field("a").field("bc").hex();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert_eq!(a, StampHasher::default().field("ab").field("c").hex());
    }
}
