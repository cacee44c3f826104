"""Make sure a headless Chromium is available for the report's PDF and the browser test.

Debian's ``chromium`` package when run as root (``apt-get install chromium``),
otherwise Playwright's own Chromium (``python -m playwright install chromium``).
Says what it does; exits 1 with the command to run when neither works.
"""

from __future__ import annotations

import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from analysis.report.pdf import find_chromium  # noqa: E402


def main() -> int:
    found = find_chromium()
    if found:
        print(f"browser: using {found}")
        return 0
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        print("browser: Chromium not found; installing Debian's chromium with apt-get (needed for the PDF and the "
              "browser test)", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        result = subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "fonts-ipaexfont-gothic"],
                                check=False, env=env, stdout=subprocess.DEVNULL)
        if result.returncode == 0 and find_chromium():
            print(f"browser: installed {find_chromium()}")
            return 0
    print("browser: installing Playwright's Chromium (python -m playwright install chromium)", flush=True)
    result = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)
    if result.returncode == 0 and find_chromium():
        print(f"browser: installed {find_chromium()}")
        return 0
    print("browser: no Chromium could be installed. As root: apt-get install chromium; otherwise: "
          f"{sys.executable} -m playwright install chromium", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
