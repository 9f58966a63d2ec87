-- mandelbrot (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; IEEE double (GHC's native code generator
-- emits no fused multiply-add), no fast-math; no hand-written SIMD; cr and ci
-- computed directly for each pixel. Standard library only (base): the whole
-- bitmap is packed into one byte buffer written with a single hPutBuf.
{-# LANGUAGE BangPatterns #-}
module Main (main) where

import Data.Bits (shiftL, (.|.))
import Data.Word (Word8)
import Foreign.Marshal.Alloc (mallocBytes)
import Foreign.Storable (pokeByteOff)
import System.Environment (getArgs)
import System.IO (hPutBuf, hPutStr, hSetBinaryMode, stdout)

-- 1 when the point stays bounded through 50 iterations
inSet :: Double -> Double -> Int
inSet cr ci = go 0 0.0 0.0 0.0 0.0
  where
    go :: Int -> Double -> Double -> Double -> Double -> Int
    go !i !zr !zi !tr !ti
      | tr + ti > 4.0 = 0
      | i == 50 = 1
      | otherwise =
          let zi' = 2.0 * zr * zi + ci
              zr' = tr - ti + cr
          in go (i + 1) zr' zi' (zr' * zr') (zi' * zi')

main :: IO ()
main = do
  args <- getArgs
  let n = case args of
        (a : _) -> read a :: Int
        _ -> 200
      rowBytes = (n + 7) `quot` 8
      nd = fromIntegral n :: Double
  hSetBinaryMode stdout True
  buf <- mallocBytes (max 1 (rowBytes * n))
  let row :: Int -> IO ()
      row !y
        | y == n = return ()
        | otherwise = do
            let ci = 2.0 * fromIntegral y / nd - 1.0
                byte :: Int -> IO ()
                byte !b
                  | b == rowBytes = return ()
                  | otherwise = do
                      let bits :: Int -> Int -> Int
                          bits !x !acc
                            | x == 8 * b + 8 = acc
                            | x >= n = bits (x + 1) (acc `shiftL` 1)
                            | otherwise =
                                let cr = 2.0 * fromIntegral x / nd - 1.5
                                in bits (x + 1) ((acc `shiftL` 1) .|. inSet cr ci)
                      pokeByteOff buf (y * rowBytes + b) (fromIntegral (bits (8 * b) 0) :: Word8)
                      byte (b + 1)
            byte 0
            row (y + 1)
  row 0
  hPutStr stdout ("P4\n" ++ show n ++ " " ++ show n ++ "\n")
  hPutBuf stdout buf (rowBytes * n)
