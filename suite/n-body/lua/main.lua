-- n-body (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; IEEE double (Lua 5.4 floats), no FMA, no
-- fast-math; pair loop and update order as in the SPEC, each product
-- evaluated left to right as written ((d * m) * mag). Standard library only.

local sqrt = math.sqrt

local PI <const> = 3.141592653589793
local SOLAR_MASS <const> = 4.0 * PI * PI
local DAYS_PER_YEAR <const> = 365.24

local function body(x, y, z, vx, vy, vz, mass)
  return {
    x = x, y = y, z = z,
    vx = vx * DAYS_PER_YEAR, vy = vy * DAYS_PER_YEAR, vz = vz * DAYS_PER_YEAR,
    mass = mass * SOLAR_MASS,
  }
end

local bodies = {
  -- Sun
  body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0),
  -- Jupiter
  body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
       1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
       9.54791938424326609e-04),
  -- Saturn
  body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
       -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
       2.85885980666130812e-04),
  -- Uranus
  body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
       2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
       4.36624404335156298e-05),
  -- Neptune
  body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
       2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
       5.15138902046611451e-05),
}
local nbodies = #bodies

local function offset_momentum()
  local px, py, pz = 0.0, 0.0, 0.0
  for i = 1, nbodies do
    local b = bodies[i]
    px = px + b.vx * b.mass
    py = py + b.vy * b.mass
    pz = pz + b.vz * b.mass
  end
  local sun = bodies[1]
  sun.vx = -px / SOLAR_MASS
  sun.vy = -py / SOLAR_MASS
  sun.vz = -pz / SOLAR_MASS
end

local function energy()
  local e = 0.0
  for i = 1, nbodies do
    local bi = bodies[i]
    e = e + 0.5 * bi.mass * (bi.vx * bi.vx + bi.vy * bi.vy + bi.vz * bi.vz)
    for j = i + 1, nbodies do
      local bj = bodies[j]
      local dx = bi.x - bj.x
      local dy = bi.y - bj.y
      local dz = bi.z - bj.z
      e = e - bi.mass * bj.mass / sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end

local function advance(dt)
  for i = 1, nbodies do
    local bi = bodies[i]
    local xi, yi, zi = bi.x, bi.y, bi.z
    local vxi, vyi, vzi = bi.vx, bi.vy, bi.vz
    local mi = bi.mass
    for j = i + 1, nbodies do
      local bj = bodies[j]
      local dx = xi - bj.x
      local dy = yi - bj.y
      local dz = zi - bj.z
      local d2 = dx * dx + dy * dy + dz * dz
      local mag = dt / (d2 * sqrt(d2))
      local mj = bj.mass
      vxi = vxi - dx * mj * mag
      vyi = vyi - dy * mj * mag
      vzi = vzi - dz * mj * mag
      bj.vx = bj.vx + dx * mi * mag
      bj.vy = bj.vy + dy * mi * mag
      bj.vz = bj.vz + dz * mi * mag
    end
    bi.vx, bi.vy, bi.vz = vxi, vyi, vzi
  end
  for i = 1, nbodies do
    local b = bodies[i]
    b.x = b.x + dt * b.vx
    b.y = b.y + dt * b.vy
    b.z = b.z + dt * b.vz
  end
end

local n = math.tointeger(tonumber(arg[1])) or 1000
offset_momentum()
io.write(string.format("%.9f\n", energy()))
for _ = 1, n do advance(0.01) end
io.write(string.format("%.9f\n", energy()))
