"""Ventilation prompts (reference sections 4 and 11): one NIV card, the declined fact, tracheostomy.

One decision, one card: respiratory symptoms (the guide), the NICE and the CMS criteria all
lead to the same decision, so they are one prompt listing each criterion met with its own
source (Prompt.criteria; the card's source names the sources of the criteria met); bulbar dysfunction (NIV failure more likely) is added to that card, never a card of
its own. The card keeps the id of the former NICE card; the ids of the symptoms, CMS and
bulbar cards it replaces are mapped to it (rules.RULE_ID_ALIASES), so answers given to them
still count.

The card stays quiet once NIV is in use, started or discussed, and with tracheostomy
ventilation (which supersedes every NIV prompt). When NIV was declined the decline is shown as
a fact; the card returns only when FVC, SNIP or MIP measured since is lower than at the
decision (no fixed review interval: the sources give none).

The guide gives no number for when to discuss tracheostomy "as the disease progresses"; the
prompt fires once NIV is in use and no tracheostomy discussion is recorded. The patient can
decline that discussion (the prompt's answer); it returns when FVC is lower than at the decision.
"""

from __future__ import annotations

from . import respiratory as resp
from . import sources
from .care_state import (
    Declinable,
    ReturnsOn,
    Series,
    Worsening,
    first_worsening,
    worsened_since,
    worsening_text,
)
from .measures import PatientMeasures
from .prompts import Severity
from .rules_common import Finding, declined_fact, measured, num, rule, shown_date, with_estimates
from .settings import ClinicSettings
from .snapshot import PatientSnapshot

SYMPTOMS_SOURCE = f"{sources.GUIDE}: consider NIV when respiratory symptoms develop"
NICE_SOURCE = f"{sources.NICE_NG42}: FVC < 50 % or SNIP < 40 cmH₂O → discuss NIV, refer to respiratory services"
CMS_SOURCE = f"{sources.CMS_L33800}: respiratory assist device, neuromuscular disease"
BULBAR_SOURCE = f"{sources.GUIDE}: bulbar dysfunction makes NIV failure more likely; bulbar involvement as {sources.KINGS}"

BULBAR_ITEMS = ("speech", "salivation", "swallowing")
NORMAL_ITEM = 4


def _symptom_text(symptoms: tuple[str, ...]) -> str:
    return ", ".join(s.replace("_", " ") for s in symptoms)


def niv_criteria(m: PatientMeasures) -> tuple[tuple[str, str], ...]:
    """Every NIV criterion met on the latest values, as (what was met, its source)."""
    latest, dates = m.respiratory_latest, m.respiratory_dates
    met: list[tuple[str, str]] = []
    if m.symptoms_present:
        met.append((f"Respiratory symptoms: {_symptom_text(m.symptoms_present)}", SYMPTOMS_SOURCE))
    for found, source in ((resp.nice_niv_discussion(latest), NICE_SOURCE), (resp.cms_niv_criteria(latest), CMS_SOURCE)):
        met.extend((measured(criterion.reason, dates.get(criterion.field)), source) for criterion in found)
    return tuple(met)


def _bulbar(s: PatientSnapshot) -> str | None:
    """The latest bulbar items when any is below normal (King's bulbar involvement)."""
    scored = next(
        (e for e in reversed(s.alsfrs) if all(e.scores.get(item) is not None for item in BULBAR_ITEMS)),
        None,
    )
    if scored is None or all(scored.scores[item] == NORMAL_ITEM for item in BULBAR_ITEMS):
        return None
    items = ", ".join(f"{name} {scored.scores[name]}" for name in BULBAR_ITEMS)
    return f"ALSFRS-R bulbar items {items} ({shown_date(scored.visit_date)})"


def respiratory_series(s: PatientSnapshot, field: str) -> Series:
    return tuple(
        (r.visit_date, value) for r in s.respiratory
        if (value := getattr(r.measures, field)) is not None and r.visit_date <= s.today
    )


def niv_worsening(s: PatientSnapshot, m: PatientMeasures) -> Worsening | None:
    """FVC, SNIP or MIP lower than when NIV was declined (None: not declined, or no worse)."""
    declined = m.care.niv_declined_on
    if declined is None:
        return None
    return first_worsening(
        worsened_since("FVC", "% predicted", respiratory_series(s, "fvc_percent"), declined, lambda v: v < resp.NICE_FVC_PERCENT),
        worsened_since("SNIP", "cmH₂O", respiratory_series(s, "snip_cmh2o"), declined, lambda v: v < resp.NICE_SNIP_CMH2O),
        worsened_since("MIP", "cmH₂O", respiratory_series(s, "mip_cmh2o"), declined, lambda v: v < resp.CMS_MIP_CMH2O),
    )


def niv_settled(m: PatientMeasures) -> bool:
    """NIV needs no prompt: in use, started or discussed, or tracheostomy ventilation."""
    care = m.care
    return care.niv_in_use or care.tracheostomy_ventilation or m.tracheostomy_in_place or m.niv_status == "discussed"


@rule(
    "RESP-NIV-NICE", "pulmonary", Severity.ACTION,
    "NIV: criteria met (symptoms, NICE, CMS)",
    "One card listing every criterion met, each with its source: any respiratory symptom on the "
    "latest assessment that recorded symptoms (the guide); latest FVC < 50 % predicted or SNIP < "
    "40 cmH₂O (NICE); FVC < 50 %, MIP < 60 cmH₂O, awake arterial PaCO₂ ≥ 45 mmHg or nocturnal "
    "SpO₂ ≤ 88 % for ≥ 5 minutes on a recording of ≥ 2 hours (CMS, strict as written). Bulbar "
    "involvement (any of ALSFRS-R items 1-3 < 4) is added as a risk. Quiet while NIV is in use, "
    "started or discussed, and with tracheostomy ventilation. After NIV was declined, only when "
    "FVC, SNIP or MIP measured since is lower than at the decision. Each criterion met is listed "
    "with its own source, and the card cites the sources of the criteria met. Replaces the former "
    "RESP-NIV-SYMPTOMS, RESP-NIV-CMS and RESP-NIV-BULBAR cards.",
    f"{sources.GUIDE}; {sources.NICE_NG42}; {sources.CMS_L33800}",
)
def niv(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    criteria = niv_criteria(m)
    if not criteria or niv_settled(m):
        return None
    worsening = niv_worsening(s, m)
    if m.care.niv_declined_on is not None and worsening is None:
        return None
    bulbar = _bulbar(s)
    if bulbar:
        criteria += ((f"Bulbar dysfunction, NIV failure more likely: {bulbar}", BULBAR_SOURCE),)
    values: tuple[tuple[str, str], ...] = ()
    message = "Discuss non-invasive ventilation and refer to respiratory services."
    if worsening is not None:
        assert m.care.niv_declined_on is not None
        values += (("NIV declined", f"{shown_date(m.care.niv_declined_on)}; since then {worsening_text(worsening)}"),)
        message = ("NIV was declined, and breathing measures are lower since: discuss non-invasive "
                   "ventilation again and refer to respiratory services.")
    if bulbar:
        message += " Bulbar dysfunction makes NIV failure more likely and decline can be sudden."
    cited = "; ".join(dict.fromkeys(source.split(":", 1)[0] for _, source in criteria))
    return Finding(message, with_estimates(values, m.fvc_estimate), criteria=criteria, source=cited)


@rule(
    "RESP-NIV-DECLINED", "pulmonary", Severity.INFO,
    "NIV declined",
    "The latest NIV status is 'declined' and the NIV card is not raised: the decision is shown "
    "with its date, and the NIV card returns when FVC, SNIP or MIP is lower than at that date.",
    "Clinical reference section 11: a declined decision is shown as a fact with its date",
)
def niv_declined(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    declined = m.care.niv_declined_on
    if declined is None or niv_settled(m) or niv.evaluate(s, c) is not None:
        return None
    values: tuple[tuple[str, str], ...] = (("NIV", f"declined ({shown_date(declined)})"),)
    fvc = [(on, value) for on, value in respiratory_series(s, "fvc_percent") if on <= declined]
    if fvc:
        values += (("FVC at the decision", measured(f"{num(fvc[-1][1])} % predicted", fvc[-1][0])),)
    return Finding(
        f"NIV was declined on {shown_date(declined)}. The NIV prompt returns if FVC, SNIP or MIP "
        "falls below its value at that decision.",
        values,
    )


def _fvc_series(s: PatientSnapshot, m: PatientMeasures) -> Series:
    return respiratory_series(s, "fvc_percent")


@rule(
    "RESP-TRACHEOSTOMY-DISCUSS", "pulmonary", Severity.ACTION,
    "Discuss invasive ventilation (tracheostomy)",
    "NIV started or in place, no tracheostomy in place or tracheostomy ventilation recorded, and "
    "neither a tracheostomy discussion (respiratory record) nor a ventilatory-support advance "
    "care planning decision is recorded. The guide gives no stage or number for 'as the "
    "disease progresses'; NIV in use is the trigger chosen.",
    f"{sources.GUIDE}: discuss invasive ventilation (tracheostomy) as the disease progresses",
    declinable=Declinable("Tracheostomy discussion", (ReturnsOn("FVC", "% predicted", _fvc_series),)),
)
def tracheostomy_discussion(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if not m.care.niv_in_use or m.care.tracheostomy_ventilation or m.tracheostomy_in_place:
        return None
    acp_done = any(
        p.topic == "ventilatory_support" and (p.decision or p.discussed_on) for p in s.care_planning
    )
    if m.tracheostomy_discussed or acp_done:
        return None
    return Finding(
        "NIV is in use: discuss invasive ventilation (tracheostomy) before it becomes urgent.",
        (("NIV", "in use"),),
    )


RULES = (niv, niv_declined, tracheostomy_discussion, declined_fact(tracheostomy_discussion))
