"""The ``build`` command: the engine's build into a staging folder, then its link check and the swap.

Skipped at once, importing nothing heavy, when no input changed since the last build (``--force``
builds anyway). Builds of one site folder run one at a time (:mod:`generator.build.lock`). Every
failure leaves the previous site in place: an author's mistake is its located lines, a fault of the
machine one line naming the file.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from contextlib import ExitStack
from pathlib import Path

from generator.build.swap import remove_now, swap
from generator.errors import BuildFailed, ContentError, note


def _mkdocs_yml(root: Path) -> dict:
    """mkdocs.yml as plain data, read without MkDocs (the no-change path must stay fast). Tags such as
    ``!ENV`` read as None; a file that does not read gives {}, and the build that follows says why."""
    import yaml

    class AnyTag(yaml.SafeLoader):
        pass

    AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=AnyTag)  # (a safe loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _configured_cache_dir(config: dict) -> str | None:
    """The ``cache_dir`` option of the knowledge-base plugin, as ``kv_cache.cache_dir_for`` takes it."""
    plugins = config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None) for p in plugins)
    for name, options in entries:
        if name == "knowledge-base" and isinstance(options, dict) and isinstance(options.get("cache_dir"), str):
            return options["cache_dir"]
    return None


def build_main(args: argparse.Namespace, root: Path) -> int:
    from generator.build.lock import SiteBusy, site_lock
    from generator.build.swap import recover
    config = _mkdocs_yml(root)
    configured = config.get("site_dir") if isinstance(config.get("site_dir"), str) else "site"
    final = Path(args.site_dir or root / configured).resolve()
    held = ExitStack()
    try:
        held.enter_context(site_lock(final))
        told = recover(final)
    except SiteBusy as busy:
        return busy.told()
    except OSError as exc:
        held.close()
        return _os_error(exc)
    with held:
        if told:
            note(told)
        return _build_if_stale(args, root, final, _configured_cache_dir(config))


def _build_if_stale(args: argparse.Namespace, root: Path, final: Path, configured_cache: str | None) -> int:
    from generator.build import stamp
    from generator.kv_cache import cache_dir_for
    settings = {"demos": args.demos or os.environ.get("KB_DEMO_CONFIG"), "strict": not args.no_strict,
                "site": str(final), "site_url": args.site_url, "cache": not args.no_cache}
    cache_dir = cache_dir_for(root, configured_cache)
    inputs = stamp.input_stamp(root, settings)
    if not (args.force or args.no_cache) and stamp.up_to_date(
            root, final, stamp.combined(inputs, stamp.results_stamp(root, cache_dir))):
        print(f"Site in {final} is up to date: no input changed (use --force to rebuild).", file=sys.stderr)
        return 0
    from generator.mkdocs.config import mkdocs_logging
    mkdocs_logging(args.verbose)
    code = _build(args, root, final)
    if code == 0:
        stamp.record(root, final, stamp.combined(inputs, stamp.results_stamp(root, cache_dir)))
    return code


def _build(args: argparse.Namespace, root: Path, final: Path) -> int:
    """Build into a staging folder, check its links, then put it in place of ``final``."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    staging = final.with_name(f".{final.name}.new-{os.getpid()}")
    config = None
    try:
        overrides = {"site_dir": str(staging)} | ({"site_url": args.site_url} if args.site_url else {})
        config = load_config(str(root / "mkdocs.yml"), strict=not args.no_strict, **overrides)
        if "navigation.instant" in (config.theme.get("features") or []) and not config.site_url:
            note("Material's instant navigation needs site_url: set it in mkdocs.yml or pass --site-url "
                 "(without it, every page loads in full)")
        plugin = _plugin(config)
        if plugin is not None:
            plugin.overrides = {"demos": args.demos, "cache": not args.no_cache}
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
        broken = _link_errors(staging, config, use_cache=not args.no_cache)
        if broken:
            return BuildFailed(broken).told()
        swap(staging, final)
    except MkDocsException as exc:
        # MkDocs turns a plugin's error into a bare Abort; the plugin keeps the failure for us.
        failure = getattr(exc, "failure", None) or getattr(_plugin(config), "failure", None)
        if failure is not None:
            return failure.told()
        from generator.mkdocs.config import check_mkdocs_yml
        config_errors = check_mkdocs_yml(root)
        if config_errors:
            return BuildFailed(config_errors).told()
        print(f"error: {str(exc).strip()}", file=sys.stderr)
        return 1
    except OSError as exc:  # a full disk, a read-only folder: the machine's problem, told in one line
        return _os_error(exc)
    finally:
        remove_now(staging)  # (gone already once the swap has put it in place)
    print(f"Site built in {final}", file=sys.stderr)
    return 0


def _os_error(exc: OSError) -> int:
    """One line for a fault of the machine, not of the content; the last site stays as it was."""
    where = f" {exc.filename}" if exc.filename else ""
    hint = {errno.ENOSPC: "free some disk space", errno.EROFS: "build on a writable disk",
            errno.EACCES: "make the project folder writable", errno.EDQUOT: "free some of your disk quota"}
    advice = hint.get(exc.errno, "check the disk and its permissions")
    print(f"error: cannot write{where}: {exc.strerror or exc} (hint: {advice}; the previous site was left as it was)",
          file=sys.stderr)
    return 1


def _link_errors(site: Path, config, use_cache: bool = True) -> list[ContentError]:
    """Internal links and anchors of the freshly built site, reported against their source files."""
    from generator.build.verify import verify_site
    plugin = _plugin(config)
    sources = getattr(getattr(plugin, "bundle", None), "sources", {}) or {}

    root, docs = Path(config.config_file_path).parent, Path(config.docs_dir)

    def source_of(html_rel: str) -> str | None:
        md = html_rel[: -len("index.html")] + "index.md" if html_rel.endswith("index.html") else html_rel
        for candidate in (md, md.replace("/index.md", ".md")):
            if candidate in sources:
                return sources[candidate]
            written = docs / candidate  # a hand-written page
            if written.is_file():
                return written.relative_to(root).as_posix() if written.is_relative_to(root) else str(written)
        return None

    cache_file = root / ".cache/linkcheck.sqlite" if use_cache else None
    return verify_site(site, source_of, cache_file=cache_file, attributes=False)


def _plugin(config):
    from generator.mkdocs.config import plugin
    return plugin(config, "knowledge-base")
