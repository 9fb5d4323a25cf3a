// Package buildinfo reports the version of the binaries.
package buildinfo

import "runtime/debug"

// Version is set at build time with -ldflags "-X …/buildinfo.Version=v1.2.3";
// otherwise it comes from the module information.
var Version = ""

// String returns the version and VCS revision of the running binary.
func String() string {
	v := Version
	info, ok := debug.ReadBuildInfo()
	if v == "" && ok {
		v = info.Main.Version
	}
	if v == "" {
		v = "(devel)"
	}
	if ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " " + s.Value[:12]
			}
		}
	}
	return v
}
