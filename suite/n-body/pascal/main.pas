{ n-body (joulebench suite, written from SPEC.md).
  Rules relied on: single-threaded; IEEE double, no FMA (fpc emits no fused
  multiply-add without -CfAVX2/-CfFMA), no fast-math; no hand-written SIMD.
  Standard library only. }
program NBody;

{$mode objfpc}
{$MINFPCONSTPREC 64} { floating-point literals are doubles, never singles }

const
  NBodies = 5;
  { typed constants: doubles, never folded in extended precision }
  Pi: Double = 3.141592653589793;
  DaysPerYear: Double = 365.24;

type
  TBody = record
    x, y, z, vx, vy, vz, mass: Double;
  end;

var
  SolarMass: Double;
  Bodies: array[0..NBodies - 1] of TBody = (
    { Sun }
    (x: 0; y: 0; z: 0; vx: 0; vy: 0; vz: 0; mass: 1),
    { Jupiter }
    (x: 4.84143144246472090e+00; y: -1.16032004402742839e+00;
     z: -1.03622044471123109e-01; vx: 1.66007664274403694e-03;
     vy: 7.69901118419740425e-03; vz: -6.90460016972063023e-05;
     mass: 9.54791938424326609e-04),
    { Saturn }
    (x: 8.34336671824457987e+00; y: 4.12479856412430479e+00;
     z: -4.03523417114321381e-01; vx: -2.76742510726862411e-03;
     vy: 4.99852801234917238e-03; vz: 2.30417297573763929e-05;
     mass: 2.85885980666130812e-04),
    { Uranus }
    (x: 1.28943695621391310e+01; y: -1.51111514016986312e+01;
     z: -2.23307578892655734e-01; vx: 2.96460137564761618e-03;
     vy: 2.37847173959480950e-03; vz: -2.96589568540237556e-05;
     mass: 4.36624404335156298e-05),
    { Neptune }
    (x: 1.53796971148509165e+01; y: -2.59193146099879641e+01;
     z: 1.79258772950371181e-01; vx: 2.68067772490389322e-03;
     vy: 1.62824170038242295e-03; vz: -9.51592254519715870e-05;
     mass: 5.15138902046611451e-05));

procedure ScaleUnits;
var
  i: Integer;
begin
  for i := 0 to NBodies - 1 do
    with Bodies[i] do
    begin
      vx := vx * DaysPerYear;
      vy := vy * DaysPerYear;
      vz := vz * DaysPerYear;
      mass := mass * SolarMass;
    end;
end;

procedure OffsetMomentum;
var
  i: Integer;
  px, py, pz: Double;
begin
  px := 0; py := 0; pz := 0;
  for i := 0 to NBodies - 1 do
    with Bodies[i] do
    begin
      px := px + vx * mass;
      py := py + vy * mass;
      pz := pz + vz * mass;
    end;
  Bodies[0].vx := -px / SolarMass;
  Bodies[0].vy := -py / SolarMass;
  Bodies[0].vz := -pz / SolarMass;
end;

function Energy: Double;
var
  i, j: Integer;
  dx, dy, dz, e: Double;
begin
  e := 0;
  for i := 0 to NBodies - 1 do
  begin
    with Bodies[i] do
      e := e + 0.5 * mass * (vx * vx + vy * vy + vz * vz);
    for j := i + 1 to NBodies - 1 do
    begin
      dx := Bodies[i].x - Bodies[j].x;
      dy := Bodies[i].y - Bodies[j].y;
      dz := Bodies[i].z - Bodies[j].z;
      e := e - Bodies[i].mass * Bodies[j].mass / Sqrt(dx * dx + dy * dy + dz * dz);
    end;
  end;
  Result := e;
end;

procedure Advance(dt: Double);
var
  i, j: Integer;
  dx, dy, dz, d2, mag, mi, mj: Double;
begin
  for i := 0 to NBodies - 1 do
    for j := i + 1 to NBodies - 1 do
    begin
      dx := Bodies[i].x - Bodies[j].x;
      dy := Bodies[i].y - Bodies[j].y;
      dz := Bodies[i].z - Bodies[j].z;
      d2 := dx * dx + dy * dy + dz * dz;
      mag := dt / (d2 * Sqrt(d2));
      mi := Bodies[i].mass;
      mj := Bodies[j].mass;
      { evaluated as SPEC.md writes it: (d * m) * mag }
      Bodies[i].vx := Bodies[i].vx - dx * mj * mag;
      Bodies[i].vy := Bodies[i].vy - dy * mj * mag;
      Bodies[i].vz := Bodies[i].vz - dz * mj * mag;
      Bodies[j].vx := Bodies[j].vx + dx * mi * mag;
      Bodies[j].vy := Bodies[j].vy + dy * mi * mag;
      Bodies[j].vz := Bodies[j].vz + dz * mi * mag;
    end;
  for i := 0 to NBodies - 1 do
    with Bodies[i] do
    begin
      x := x + dt * vx;
      y := y + dt * vy;
      z := z + dt * vz;
    end;
end;

var
  n, i: LongInt;
begin
  n := 1000;
  if ParamCount > 0 then
    Val(ParamStr(1), n);
  SolarMass := 4 * Pi * Pi;
  ScaleUnits;
  OffsetMomentum;
  WriteLn(Energy: 0: 9);
  for i := 1 to n do
    Advance(0.01);
  WriteLn(Energy: 0: 9);
end.
