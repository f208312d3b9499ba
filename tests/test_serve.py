"""`mkdocs serve` while a contributor edits: a breaking edit shows the errors and keeps the last good site."""
import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import BIN


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode()
    except OSError:
        return None


def _wait(condition, what: str, limit: float = 60.0):
    """Poll a condition (bounded); fail with what we were waiting for."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    pytest.fail(f"gave up waiting for {what}")


def test_breaking_edit_keeps_last_good_site_and_recovers(project, tmp_path):
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+")
    proc = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=project.path, stdout=log, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    url = f"http://127.0.0.1:{port}/failure-modes/gamma-failure/"
    try:
        first = _wait(lambda: _get(url), "the first build")
        assert "A fixture failure mode that no agenda addresses." in first
        gamma = project.path / "taxonomy/failure-modes/gamma-failure.yaml"
        good = gamma.read_text()
        gamma.write_text(good.replace("evidence: deployed", "evidence: rumoured"))
        _wait(lambda: "error(s) in the knowledge base" in (tmp_path / "serve.log").read_text(), "the error report")
        output = (tmp_path / "serve.log").read_text()
        assert "taxonomy/failure-modes/gamma-failure.yaml:4:1: error: evidence: expected one of deployed, lab, theoretical; found 'rumoured'" in output
        assert "A fixture failure mode that no agenda addresses." in _get(url)  # the last good site is still served
        assert proc.poll() is None
        gamma.write_text(good.replace("A fixture failure mode that no agenda addresses.", "Fixed and rebuilt."))
        _wait(lambda: "Fixed and rebuilt." in (_get(url) or ""), "the recovered site")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_sigterm_removes_the_temporary_site(project, tmp_path):
    """`make serve` keeps the temporary site in /dev/shm: a SIGTERM must not leave it behind."""
    port = _free_port()
    temp = tmp_path / "tmp"
    temp.mkdir()
    proc = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=project.path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(temp)))
    try:
        _wait(lambda: _get(f"http://127.0.0.1:{port}/failure-modes/gamma-failure/"), "the first build")
        sites = [p for p in temp.iterdir() if p.name.startswith("mkdocs_")]
        assert len(sites) == 1 and (sites[0] / "index.html").is_file()
        proc.terminate()  # SIGTERM
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-2000:]
    assert "Traceback" not in err
    assert list(temp.iterdir()) == []


def test_a_busy_port_is_one_line_before_building(project, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        temp = tmp_path / "tmp"
        temp.mkdir()
        result = subprocess.run([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project.path,
                                capture_output=True, text=True, timeout=120,
                                env=dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(temp)))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [l for l in result.stderr.splitlines() if f"127.0.0.1:{port}" in l]
    assert lines == [f"faultlines: cannot serve on 127.0.0.1:{port}: Address already in use (another `mkdocs serve`?). "
                     f"Stop it, or use another port: make serve PORT=8123, or mkdocs serve --dev-addr 127.0.0.1:8123"]
    assert "generated" not in result.stderr  # refused before building anything
    assert list(temp.iterdir()) == []


def test_make_serve_takes_a_port():
    """The Makefile passes PORT to --dev-addr (make -n prints the command without running it)."""
    from conftest import ROOT
    result = subprocess.run(["make", "-n", "serve", "PORT=8123", "SERVE_TMPDIR="], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "mkdocs serve --dev-addr 127.0.0.1:8123" in result.stdout


def _port_is_free(port: int) -> bool:
    """Nothing listens on it (a connection is refused; binding would also trip over TIME_WAIT)."""
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def test_sigterm_to_make_stops_make_serve(project, tmp_path):
    """SIGTERM to make's own process (not its group) stops `mkdocs serve`: the port is free, the temporary site gone."""
    from conftest import ROOT
    port = _free_port()
    temp = tmp_path / "tmp"
    temp.mkdir()
    # The repository's Makefile run in the fixture project, with this test's virtual environment (-o: no reinstall).
    installed = BIN / ".installed"
    proc = subprocess.Popen(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-o", str(installed),
                             "serve", f"PORT={port}", f"SERVE_TMPDIR={temp}", f"BIN={BIN}"],
                            cwd=project.path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), start_new_session=True)
    try:
        _wait(lambda: _get(f"http://127.0.0.1:{port}/failure-modes/gamma-failure/"), "the first build")
        assert [p.name for p in temp.iterdir() if p.name.startswith("mkdocs_")]
        proc.send_signal(signal.SIGTERM)
        try:
            proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("make was still running 60 s after SIGTERM (its recipe's shell died, mkdocs serve did not)")
        _wait(lambda: _port_is_free(port), f"port {port} to be free after make stopped", limit=30)
        _wait(lambda: list(temp.iterdir()) == [], "the temporary site to be removed", limit=30)
    finally:  # whatever this run left behind (make's own group, started above): a failing run must not leak
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
