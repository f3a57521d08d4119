"""The `summary` command: a patient's derived measures, prompts, team actions and research
estimate, as the Overview shows them.

    als-desktop summary MRN [--json] [--as-of YYYY-MM-DD]

Registered by `cli.build_parser` (`add_summary_command`) and run by `cli.run_command`
(`run_summary`).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any


def add_summary_command(commands: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add `summary` to the `commands` of the main parser (`parents` carry --database)."""
    from als_desktop.cli import iso_date, text_argument

    database = parents[0]
    summary = commands.add_parser(
        "summary", parents=[database], help="a patient's derived measures and the prompts in force, with their sources",
        description="The derived measures (ALSFRS-R total and subscores, stages, ΔFRS, weight loss, latest FVC, "
                    "schedules) and the prompts in force with their sources, as the Overview shows them. "
                    "With --json, an object with the keys " + ", ".join(repr(k) for k in SUMMARY_KEYS) + ": "
                    "'measures' holds the derived measures by name (null when not recorded); each of "
                    "'prompts' (most urgent first) has " + ", ".join(repr(k) for k in PROMPT_KEYS) + " "
                    "('values' is a list of {'label', 'value'}); 'settings' are the clinic settings in force; "
                    "'team_actions' has 'open' (soonest due first, each with 'overdue') and 'recently_closed' "
                    "(done or cancelled in the last 'recently_closed_days' days, with who closed it and the note); "
                    "'prognosis' is the ENCALS research estimate with its 'source' (when 'estimated' is false, "
                    "'missing' names each predictor not recorded). "
                    "Dates are ISO (YYYY-MM-DD).",
    )
    summary.add_argument("mrn", metavar="MRN", type=text_argument("mrn"), help="medical record number of the patient")
    summary.add_argument("--json", action="store_true", help="write JSON for other programs")
    summary.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", dest="as_of",
                         help="the day the measures and prompts are computed for (default: today)")
    return summary


SUMMARY_KEYS = ("patient", "as_of", "measures", "prompts", "settings", "team_actions", "prognosis")
PROMPT_KEYS = ("rule_id", "discipline", "severity", "message", "source", "values", "settings", "due_on",
               "criteria")
NOT_RECORDED = "not recorded"


def run_summary(args: argparse.Namespace, url: str) -> int:
    from als_desktop import cli_signin
    from als_desktop.cli import UserError, open_db, plain, reading, write_stdout
    from als_desktop.clinical.prognosis_record import (
        encals_document,
        encals_from_record,
    )
    from als_desktop.services import team_actions
    from als_desktop.services.decision_support import summary_for
    from als_desktop.services.patients import patient_by_mrn

    today = args.as_of or date.today()
    database = open_db(url, writing=False)
    try:
        who = cli_signin.actor(args, cli_signin.sign_in(args, database))
        with cli_signin.audited(database, who, cli_signin.Event("open_record", detail="summary")) as event, \
                reading(database) as session:
            patient = patient_by_mrn(session, args.mrn)
            event.patient_id = patient.id
            if patient.is_voided:
                raise UserError(f"The patient record {patient.mrn} was voided ({patient.void_reason}); "
                                "there is nothing to summarise.")
            who = {"mrn": patient.mrn, "name": patient.display_name, "date_of_birth": patient.date_of_birth,
                   "date_of_death": patient.date_of_death}
            # As of a past day: only what was recorded by then (answers to prompts included).
            summary = summary_for(session, patient.id, today, recorded_by=args.as_of)
            actions = team_actions.patient_actions(session, patient.id, today, recorded_by=args.as_of)
    finally:
        database.close()
    if args.json:
        document = {
            "patient": who,
            "as_of": today,
            "measures": plain(summary.measures),
            "prompts": [prompt_document(prompt) for prompt in summary.prompts],
            "settings": plain(summary.settings),
            "team_actions": team_actions.as_document(actions),
            "prognosis": encals_document(encals_from_record(summary.snapshot)),
        }
        write_stdout(json.dumps(plain(document), indent=2, ensure_ascii=False) + "\n")
    else:
        lines = [*summary_lines(who, today, summary.measures, summary.prompts), "", *team_actions.lines(actions),
                 "", *prognosis_lines(encals_from_record(summary.snapshot))]
        write_stdout("\n".join(lines) + "\n")
    return 0


def prompt_document(prompt: Any) -> dict[str, Any]:
    return {
        "rule_id": prompt.rule_id,
        "discipline": prompt.discipline,
        "severity": str(prompt.severity),
        "message": prompt.message,
        "source": prompt.source,
        "values": [{"label": label, "value": shown} for label, shown in prompt.values],
        "settings": list(prompt.settings),
        "due_on": prompt.due_on,
        "criteria": [{"criterion": met, "source": source} for met, source in prompt.criteria],
    }


def shown_date(day: date | None) -> str:
    return f"{day:%d %b %Y}" if day else NOT_RECORDED


def number(value: float | None, unit: str = "", places: int = 1) -> str:
    if value is None:
        return NOT_RECORDED
    text = f"{value:.{places}f}".rstrip("0").rstrip(".") if places else f"{value:.0f}"
    return f"{text} {unit}".rstrip()


def dated(entry: Any, unit: str) -> str:
    return NOT_RECORDED if entry is None else f"{number(entry.value, unit)} ({shown_date(entry.on)})"


def yes_no(value: bool | None) -> str:
    return NOT_RECORDED if value is None else ("yes" if value else "no")


def measure_rows(m: Any) -> list[tuple[str, str]]:
    from als_desktop.clinical.alsfrs import DOMAIN_LABELS
    from als_desktop.domain import vocab

    rows: list[tuple[str, str]] = [
        ("Age", f"{m.age_years} years"),
        ("Disease duration", number(m.disease_duration_months, "months")),
        ("Diagnostic delay", number(m.diagnostic_delay_months, "months")),
    ]
    if m.alsfrs is None:
        rows.append(("ALSFRS-R total", f"{NOT_RECORDED} (no complete assessment)"))
    else:
        rows.append(("ALSFRS-R total", f"{m.alsfrs.total}/48 ({shown_date(m.alsfrs.visit_date)}, item 5 "
                                       f"form {m.alsfrs.cutting_form})"))
        for domain, label in DOMAIN_LABELS.items():
            score = m.alsfrs.subscores.get(domain)
            rows.append((f"  {label}", NOT_RECORDED if score is None else f"{score}/12"))
    rows += [
        ("King's stage", m.kings.stage if m.kings else NOT_RECORDED),
        ("MiToS stage", str(m.mitos.stage) if m.mitos else NOT_RECORDED),
        ("ΔFRS", number(m.delta_frs, "points/month", 2)
         + (f" ({m.progression_band})" if m.progression_band else "")),
        ("Slope, last two assessments", number(m.slope_per_month, "points/month", 2)),
        ("Latest weight", dated(m.latest_weight, "kg")),
        ("BMI", number(m.bmi, "kg/m²")),
        ("Reference weight", m.reference_weight.description if m.reference_weight else NOT_RECORDED),
        ("Weight loss", number(m.weight_loss_percent, "% of reference weight")),
        ("FVC sitting", dated(m.fvc_sitting, "% predicted")),
        ("FVC supine", dated(m.fvc_supine, "% predicted")),
    ]
    latest, dates = m.respiratory_latest, m.respiratory_dates
    for field, label, unit in (("snip_cmh2o", "SNIP", "cmH₂O"), ("mip_cmh2o", "MIP", "cmH₂O"),
                               ("peak_cough_flow_l_min", "Peak cough flow", "L/min"),
                               ("spo2_percent", "SpO₂", "%"), ("co2_mmhg", "CO₂", "mmHg")):
        value = getattr(latest, field)
        text = number(value, unit)
        if value is not None:
            if field == "co2_mmhg" and latest.co2_arterial:
                text += " arterial"
            text += f" ({shown_date(dates.get(field))})"
        rows.append((label, text))
    rows += [
        ("Respiratory symptoms", ", ".join(s.replace("_", " ") for s in m.symptoms_present) or "none recorded"),
        ("NIV", vocab.label(vocab.NIV_STATUS, m.niv_status) + ("; in use" if m.niv_in_use else "")),
        ("Tracheostomy", "in place" if m.tracheostomy_in_place
         else ("discussed" if m.tracheostomy_discussed else "not discussed")),
        ("Gastrostomy", vocab.label(vocab.GASTROSTOMY_STATUS, m.gastrostomy_status)
         + ("; placed" if m.gastrostomy_placed and m.gastrostomy_status != "placed" else "")),
        ("AAC", vocab.label(vocab.AAC_STATUS, m.aac_status) + ("; device in place" if m.aac_device_in_place else "")),
        ("Speaking rate", dated(m.speaking_rate, "words/min")),
        ("Riluzole next ALT test", shown_date(m.riluzole_next_alt) if m.riluzole_started else "not on riluzole"),
        ("Edaravone next cycle", shown_date(m.edaravone_next_cycle)),
        ("Tofersen next dose", shown_date(m.tofersen_next_dose)),
    ]
    return rows


def prognosis_lines(outcome: Any) -> list[str]:
    """The ENCALS research estimate as `summary` prints it, with its source."""
    from als_desktop.clinical.prognosis_record import encals_lines

    lines = ["Research estimate (ENCALS)"]
    lines += [f"  {label}: {value}" for label, value in encals_lines(outcome)]
    return [*lines, f"  source: {outcome.result.source}"]


def summary_lines(who: dict[str, Any], today: date, measures: Any, prompts: list[Any]) -> list[str]:
    from als_desktop.domain import vocab

    died = f"  died {shown_date(who['date_of_death'])}" if who["date_of_death"] else ""
    lines = [f"{who['name']}  MRN {who['mrn']}  born {shown_date(who['date_of_birth'])}{died}",
             f"As of {shown_date(today)}", "", "Measures"]
    rows = measure_rows(measures)
    width = max(len(label) for label, _ in rows)
    lines += [f"  {label.ljust(width)}  {value}" for label, value in rows]
    lines += ["", f"Prompts ({len(prompts)})" if prompts else "Prompts: none in force"]
    for prompt in prompts:
        owner = vocab.label(vocab.DISCIPLINE, prompt.discipline)
        lines.append(f"  [{str(prompt.severity).upper()}] {owner}: {prompt.message}")
        if prompt.due_on:
            lines.append(f"      due: {shown_date(prompt.due_on)}")
        if prompt.values:
            lines.append("      values: " + "; ".join(f"{label} {shown}" for label, shown in prompt.values))
        lines += [f"      criterion met: {met} ({source})" for met, source in prompt.criteria]
        for setting in prompt.settings:
            lines.append(f"      {setting}")
        lines.append(f"      source: {prompt.source}")
    return lines
