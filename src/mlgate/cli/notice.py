"""`mlgate notice PATH|BOM -o NOTICE`: the attribution file the component licenses require."""

from __future__ import annotations

from pathlib import Path

import click

from mlgate.cli.app import cli, shared_options, status
from mlgate.cli.common import build_config, emit, policy_or_default, project_of


@cli.command("notice", short_help="Write the attribution (NOTICE) file the licenses require.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the notice file to FILE instead of standard output.")
@click.option("--name", "project_name",
              help="Project name shown in the file (default: the BOM's project, else the directory name).")
@click.option("-p", "--policy", help="Warn about models this preset or policy file forbids "
                                     "(default: [tool.mlgate] policy, else commercial).")
@shared_options
def notice_command(paths: tuple[Path, ...], output: Path | None, project_name: str | None, policy: str | None,
                   offline: bool, strict: bool, include_comments: bool) -> int:
    """Write the NOTICE file the licenses of the models and datasets PATHS use require:
    statements to display ("Built with Llama"), NOTICE lines, and which license texts to ship.
    """
    from mlgate.model import Category
    from mlgate.pipeline import run
    from mlgate.report.inventory import Inventory
    from mlgate.report.notice import NoticeFile

    config = policy_or_default(build_config(paths, output=output, policy=policy, offline=offline, strict=strict,
                                            include_comments=include_comments))
    result = run(config)
    inventory = Inventory.of(result, config.fail_on, project=project_of(config, project_name))
    emit(NoticeFile().render(inventory), output)
    uncovered = [c.target for c in inventory.components if c.category is Category.UNKNOWN]
    # Attribution makes shipping a model look settled: say when the policy forbids shipping it.
    forbidden = sorted({f"{f.component.target} ({f.rule_id})" for f in inventory.failing
                        if f.component.target not in uncovered})
    if forbidden and inventory.policy:
        status(f"mlgate: warning: policy {inventory.policy} forbids {len(forbidden)} model(s) this file attributes: "
               + ", ".join(forbidden) + "; see `mlgate check`")
    if uncovered:
        status(f"mlgate: warning: {len(uncovered)} component(s) not covered (license not established): "
               + ", ".join(uncovered))
    if output is not None:
        status(f"mlgate: wrote {output} ({len(inventory.components)} components)")
    return 0
