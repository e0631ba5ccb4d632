"""The one-screen summary `chitieu validate` prints for a valid package."""

from __future__ import annotations

from chitieu.messages import translate
from chitieu.records import Package, ValueQualifier


def render(package: Package, language: str) -> str:
    """Resources and rows, resolutions, targets, figures, sources; what is estimated,
    a bound, derivable or missing."""

    def t(key: str, **params: object) -> str:
        return translate(language, f"cli.{key}", **params)

    observations = package.observations
    with_target = sum(1 for i in package.indicators if i.target is not None)
    estimated = sum(1 for o in observations if o.estimated)
    bounds = sum(1 for o in observations if o.value_qualifier is not ValueQualifier.EXACT)
    with_percent = sum(1 for o in observations if o.percent_of_target is not None)
    derivable = len(
        {
            o.indicator_id
            for o in observations
            if o.percent_of_target
            and o.value is not None
            and package.indicator(o.indicator_id).target is None
        }
    )
    missing = sum(
        max(0, (r.targets_total or 0) - len(package.indicators_of(r.id))) for r in package.resolutions
    )
    counts = {
        "sources": len(package.sources),
        "resolutions": len(package.resolutions),
        "indicators": len(package.indicators),
        "observations": len(observations),
        "comparisons": sum(len(o.comparisons) for o in observations),
        "progress_reports": len(package.progress_reports),
    }
    lines = [t("summary_title", title=package.info.title), ""]
    lines.append(f"{t('resources')}: " + ", ".join(f"{name} ({n} {t('rows')})" for name, n in counts.items()))
    lines.append(f"{t('resolutions')}: {len(package.resolutions)}")
    lines.append(
        f"{t('indicators')}: {len(package.indicators)} ({with_target} {t('indicators_with_target')}; "
        f"{missing} {t('missing_targets')})"
    )
    lines.append(
        f"{t('observations')}: {len(observations)} ({estimated} {t('estimated')}; {bounds} "
        f"{t('lower_bounds')}; {with_percent} {t('with_percent')}; {derivable} {t('derived_targets')})"
    )
    no_url = sum(1 for s in package.sources if not s.url)
    lines.append(f"{t('sources')}: {len(package.sources)} ({no_url} {t('sources_without_url')})")
    lines.append(f"{t('progress_reports')}: {len(package.progress_reports)}")
    return "\n".join(lines)
