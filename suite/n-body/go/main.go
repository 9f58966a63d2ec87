// n-body (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; standard library only; IEEE float64, no FMA:
// every product that could be fused into an add is wrapped in an explicit
// float64() conversion, which the Go spec defines as a rounding point that
// prevents fusion (on amd64 with the default GOAMD64=v1 none is emitted anyway).
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
)

const (
	pi          = 3.141592653589793
	solarMass   = 4 * pi * pi
	daysPerYear = 365.24
)

type body struct {
	x, y, z, vx, vy, vz, mass float64
}

func newSystem() []body {
	b := []body{
		{0, 0, 0, 0, 0, 0, 1}, // Sun
		{ // Jupiter
			4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
			1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
			9.54791938424326609e-04},
		{ // Saturn
			8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
			-2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
			2.85885980666130812e-04},
		{ // Uranus
			1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
			2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
			4.36624404335156298e-05},
		{ // Neptune
			1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
			2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
			5.15138902046611451e-05},
	}
	for i := range b {
		b[i].vx *= daysPerYear
		b[i].vy *= daysPerYear
		b[i].vz *= daysPerYear
		b[i].mass *= solarMass
	}
	return b
}

func offsetMomentum(b []body) {
	var px, py, pz float64
	for i := range b {
		px += float64(b[i].vx * b[i].mass)
		py += float64(b[i].vy * b[i].mass)
		pz += float64(b[i].vz * b[i].mass)
	}
	b[0].vx = -px / solarMass
	b[0].vy = -py / solarMass
	b[0].vz = -pz / solarMass
}

func energy(b []body) float64 {
	e := 0.0
	for i := range b {
		bi := &b[i]
		v2 := float64(bi.vx*bi.vx) + float64(bi.vy*bi.vy) + float64(bi.vz*bi.vz)
		e += float64(0.5 * bi.mass * v2)
		for j := i + 1; j < len(b); j++ {
			bj := &b[j]
			dx := bi.x - bj.x
			dy := bi.y - bj.y
			dz := bi.z - bj.z
			dist := math.Sqrt(float64(dx*dx) + float64(dy*dy) + float64(dz*dz))
			e -= float64(bi.mass*bj.mass) / dist
		}
	}
	return e
}

func advance(b []body, dt float64) {
	for i := range b {
		bi := &b[i]
		for j := i + 1; j < len(b); j++ {
			bj := &b[j]
			dx := bi.x - bj.x
			dy := bi.y - bj.y
			dz := bi.z - bj.z
			d2 := float64(dx*dx) + float64(dy*dy) + float64(dz*dz)
			mag := dt / float64(d2*math.Sqrt(d2))
			mj := bj.mass
			mi := bi.mass
			bi.vx -= float64(dx * mj * mag)
			bi.vy -= float64(dy * mj * mag)
			bi.vz -= float64(dz * mj * mag)
			bj.vx += float64(dx * mi * mag)
			bj.vy += float64(dy * mi * mag)
			bj.vz += float64(dz * mi * mag)
		}
	}
	for i := range b {
		bi := &b[i]
		bi.x += float64(dt * bi.vx)
		bi.y += float64(dt * bi.vy)
		bi.z += float64(dt * bi.vz)
	}
}

func main() {
	n := 1000
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "usage: n-body STEPS")
			os.Exit(2)
		}
		n = v
	}
	b := newSystem()
	offsetMomentum(b)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintf(w, "%.9f\n", energy(b))
	for s := 0; s < n; s++ {
		advance(b, 0.01)
	}
	fmt.Fprintf(w, "%.9f\n", energy(b))
}
