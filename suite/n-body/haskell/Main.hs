-- n-body (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; IEEE double (GHC's native code generator
-- emits no fused multiply-add), no fast-math; no hand-written SIMD. Standard
-- library only (base, array): the bodies live in one unboxed mutable array
-- (IOUArray Double, 7 fields a body). Decimals are printed from the exact
-- binary value, rounded to nearest (ties to even) as C's printf does.
{-# LANGUAGE BangPatterns #-}
module Main (main) where

import Control.Monad (forM_)
import Data.Array.Base (unsafeRead, unsafeWrite)
import Data.Array.IO (IOUArray, newListArray)
import System.Environment (getArgs)

solarMass, daysPerYear :: Double
solarMass = 4 * pi' * pi'
  where pi' = 3.141592653589793
daysPerYear = 365.24

nBodies :: Int
nBodies = 5

-- (x, y, z, vx, vy, vz, mass) in the SPEC's units, before scaling.
initial :: [[Double]]
initial =
  [ [0, 0, 0, 0, 0, 0, 1]
  , [ 4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01
    , 1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05
    , 9.54791938424326609e-04 ]
  , [ 8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01
    , -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05
    , 2.85885980666130812e-04 ]
  , [ 1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01
    , 2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05
    , 4.36624404335156298e-05 ]
  , [ 1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01
    , 2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05
    , 5.15138902046611451e-05 ]
  ]

scale :: [Double] -> [Double]
scale [x, y, z, vx, vy, vz, m] =
  [x, y, z, vx * daysPerYear, vy * daysPerYear, vz * daysPerYear, m * solarMass]
scale b = b

type Bodies = IOUArray Int Double

-- field indices
fx, fy, fz, fvx, fvy, fvz, fm :: Int
fx = 0; fy = 1; fz = 2; fvx = 3; fvy = 4; fvz = 5; fm = 6

rd :: Bodies -> Int -> Int -> IO Double
rd b i f = unsafeRead b (i * 7 + f)
{-# INLINE rd #-}

wr :: Bodies -> Int -> Int -> Double -> IO ()
wr b i f v = unsafeWrite b (i * 7 + f) v
{-# INLINE wr #-}

offsetMomentum :: Bodies -> IO ()
offsetMomentum b = do
  let go !i !px !py !pz
        | i == nBodies = return (px, py, pz)
        | otherwise = do
            vx <- rd b i fvx; vy <- rd b i fvy; vz <- rd b i fvz; m <- rd b i fm
            go (i + 1) (px + vx * m) (py + vy * m) (pz + vz * m)
  (px, py, pz) <- go 0 0 0 0
  wr b 0 fvx (negate px / solarMass)
  wr b 0 fvy (negate py / solarMass)
  wr b 0 fvz (negate pz / solarMass)

energy :: Bodies -> IO Double
energy b = outer 0 0
  where
    outer !i !e
      | i == nBodies = return e
      | otherwise = do
          vx <- rd b i fvx; vy <- rd b i fvy; vz <- rd b i fvz; m <- rd b i fm
          x <- rd b i fx; y <- rd b i fy; z <- rd b i fz
          let inner !j !acc
                | j == nBodies = return acc
                | otherwise = do
                    xj <- rd b j fx; yj <- rd b j fy; zj <- rd b j fz; mj <- rd b j fm
                    let dx = x - xj; dy = y - yj; dz = z - zj
                    inner (j + 1) (acc - m * mj / sqrt (dx * dx + dy * dy + dz * dz))
          e' <- inner (i + 1) (e + 0.5 * m * (vx * vx + vy * vy + vz * vz))
          outer (i + 1) e'

advance :: Bodies -> Double -> IO ()
advance b dt = do
  let outer !i
        | i == nBodies = return ()
        | otherwise = do
            x <- rd b i fx; y <- rd b i fy; z <- rd b i fz; mi <- rd b i fm
            let inner !j
                  | j == nBodies = return ()
                  | otherwise = do
                      xj <- rd b j fx; yj <- rd b j fy; zj <- rd b j fz; mj <- rd b j fm
                      let dx = x - xj; dy = y - yj; dz = z - zj
                          d2 = dx * dx + dy * dy + dz * dz
                          mag = dt / (d2 * sqrt d2)
                      vxi <- rd b i fvx; vyi <- rd b i fvy; vzi <- rd b i fvz
                      wr b i fvx (vxi - dx * mj * mag)
                      wr b i fvy (vyi - dy * mj * mag)
                      wr b i fvz (vzi - dz * mj * mag)
                      vxj <- rd b j fvx; vyj <- rd b j fvy; vzj <- rd b j fvz
                      wr b j fvx (vxj + dx * mi * mag)
                      wr b j fvy (vyj + dy * mi * mag)
                      wr b j fvz (vzj + dz * mi * mag)
                      inner (j + 1)
            inner (i + 1)
            outer (i + 1)
  outer 0
  forM_ [0 .. nBodies - 1] $ \i -> do
    x <- rd b i fx; y <- rd b i fy; z <- rd b i fz
    vx <- rd b i fvx; vy <- rd b i fvy; vz <- rd b i fvz
    wr b i fx (x + dt * vx)
    wr b i fy (y + dt * vy)
    wr b i fz (z + dt * vz)

-- | @showFixed d x@: x with d decimals, rounded from its exact value
-- (ties to even), like C's printf("%.*f").
showFixed :: Int -> Double -> String
showFixed d x
  | x < 0 || isNegativeZero x = '-' : showFixed d (negate x)
  | otherwise =
      let r = round (toRational x * 10 ^ d) :: Integer
          s = show r
          s' = replicate (d + 1 - length s) '0' ++ s
          (ip, fp) = splitAt (length s' - d) s'
      in if d == 0 then ip else ip ++ "." ++ fp

main :: IO ()
main = do
  args <- getArgs
  let n = case args of
        (a : _) -> read a :: Int
        _ -> 1000
  b <- newListArray (0, nBodies * 7 - 1) (concatMap scale initial) :: IO Bodies
  offsetMomentum b
  energy b >>= putStrLn . showFixed 9
  let loop !k
        | k == n = return ()
        | otherwise = advance b 0.01 >> loop (k + 1)
  loop 0
  energy b >>= putStrLn . showFixed 9
