"""The `report` command: team care plans as PDF, for one patient or a whole clinic day.

    als-desktop report MRN [--visit YYYY-MM-DD] [--family [--family-estimates]] -o FILE.pdf
    als-desktop report --clinic-day YYYY-MM-DD [--site SITE] [--family [--family-estimates]] -o FOLDER

Registered by `cli.build_parser` (`add_report_command`) and run by `cli.run_command`
(`run_report`), which turns UserError, RecordError and DatabaseProblem into a message on
stderr and exit code 2. Only the standard library is imported here: the services and the
PDF renderer are imported when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

DESCRIPTION = (
    "Write the team care plan of a visit as PDF: for one patient (MRN; the latest visit unless "
    "--visit names its date), or one file per visit for every patient seen on a clinic day "
    "(--clinic-day, into the folder given with -o, created if missing). --family writes the "
    "plain-language copy for the patient and family, in larger type; it leaves out the trend "
    "estimates (when FVC or weight would cross a line at the recent rate) unless "
    "--family-estimates asks for them, and never shows the research survival estimate."
)


def add_report_command(commands: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add `report` to the `commands` of the main parser (`parents` carry --database)."""
    from als_desktop.cli import iso_date, output_path, text_argument

    report = commands.add_parser("report", parents=parents, help="write the team care plan as PDF",
                                 description=DESCRIPTION)
    report.add_argument("mrn", nargs="?", metavar="MRN", type=text_argument("mrn"),
                        help="medical record number of the patient")
    report.add_argument("--visit", type=iso_date, metavar="YYYY-MM-DD",
                        help="date of the visit (default: the patient's latest visit)")
    report.add_argument("--clinic-day", type=iso_date, metavar="YYYY-MM-DD", dest="clinic_day",
                        help="every visit of this date, one PDF each (instead of MRN)")
    report.add_argument("--site", metavar="SITE", type=text_argument("site"), help="with --clinic-day: only the visits at this site")
    report.add_argument("--family", action="store_true",
                        help="the plain-language copy for the patient and family (larger type)")
    report.add_argument("--family-estimates", action="store_true", dest="family_estimates",
                        help="with --family: include the trend estimates (left out by default)")
    report.add_argument("-o", "--output", metavar="FILE_OR_FOLDER", type=output_path, required=True,
                        help="the PDF file to write (for --clinic-day: the folder)")
    report.add_argument("--force", action="store_true", help="replace PDF files already there")
    return report


def run_report(args: argparse.Namespace, url: str) -> int:
    from als_desktop.cli import UserError

    if args.family_estimates and not args.family:
        raise UserError("--family-estimates goes with --family: the team's copy always shows the estimates.",
                        "For example: als-desktop report MRN-000123 --family --family-estimates -o plan.pdf")
    if (args.mrn is None) == (args.clinic_day is None):
        raise UserError("Give either a patient's MRN or --clinic-day DATE (not both).",
                        "For example: als-desktop report MRN-000123 -o plan.pdf, or "
                        "als-desktop report --clinic-day 2025-06-02 -o plans")
    if args.clinic_day is not None:
        if args.visit is not None:
            raise UserError("--visit chooses one patient's visit; with --clinic-day every visit of that day is written.")
        return run_clinic_day(args, url)
    if args.site is not None:
        raise UserError("--site goes with --clinic-day; for one patient, choose the visit with --visit DATE.")
    return run_patient(args, url)


def run_patient(args: argparse.Namespace, url: str) -> int:
    from als_desktop import cli_signin
    from als_desktop.cli import UserError, open_db, reading
    from als_desktop.cli_output import check_output, check_output_folder, write_output
    from als_desktop.reports import team_plan as report
    from als_desktop.services.patients import patient_by_mrn
    from als_desktop.services.team_plan import team_plan_for, visit_on

    path = args.output.expanduser()
    # Refused before any work; a folder's file name is known only once the plan is made.
    if path.is_dir():
        check_output_folder(path)
    else:
        check_output(path, url, force=args.force)
    database = open_db(url, writing=False)
    try:
        who = cli_signin.actor(args, cli_signin.sign_in(args, database))
        which = "family copy of the team plan" if args.family else "team plan"
        with cli_signin.audited(database, who, cli_signin.Event("report", source=str(path), detail=which)) as event:
            with reading(database) as session:
                patient = patient_by_mrn(session, args.mrn)
                event.patient_id = patient.id
                if patient.is_voided:
                    raise UserError(f"The patient record {patient.mrn} was voided ({patient.void_reason}); "
                                    "there is no team plan to write.")
                visit_id = visit_on(session, patient.id, args.visit).id if args.visit else None
                plan = team_plan_for(session, patient.id, visit_id=visit_id)
            pdf = report.render(plan, family=args.family, family_estimates=args.family_estimates)
            if path.is_dir():  # a folder: the file gets its usual name in it
                path = path / report.file_name(plan, family=args.family)
                event.source = str(path)
            write_output(path, pdf, url, force=args.force)
    finally:
        database.close()
    copy = "family copy of the team plan" if args.family else "team plan"
    estimates = ""
    if args.family:
        estimates = " (with the trend estimates)" if args.family_estimates else " (without estimates)"
    print(f"Wrote the {copy} of {plan.identity.name} ({plan.identity.mrn}), visit of "
          f"{plan.visit.visit_date:%d %b %Y}, to {path}{estimates}.")
    return 0


def run_clinic_day(args: argparse.Namespace, url: str) -> int:
    from als_desktop import cli_signin
    from als_desktop.cli import USER_ERROR, UserError, open_db
    from als_desktop.cli_output import check_output_folder
    from als_desktop.files import ALREADY_THERE
    from als_desktop.services.clinic_day_reports import (
        FolderNotWritable,
        write_clinic_day_plans,
    )

    day: date = args.clinic_day
    where = f" at {args.site}" if args.site else ""

    def progress(done: int, total: int, name: str) -> None:
        # At a terminal, show how far a long clinic day has got; the list written follows on stdout.
        if done and sys.stderr.isatty():
            print(f"  {done}/{total}  {name}", file=sys.stderr, flush=True)

    check_output_folder(args.output)
    database = open_db(url, writing=False)
    try:
        who = cli_signin.actor(args, cli_signin.sign_in(args, database))
        copies = "family copies of the team plans" if args.family else "team plans"
        event = cli_signin.Event("report", source=str(args.output), detail=f"{copies} of the clinic day {day}{where}")
        with cli_signin.audited(database, who, event):
            result = write_clinic_day_plans(database, day, args.output, family=args.family,
                                            family_estimates=args.family_estimates, site=args.site,
                                            progress=progress, replace=args.force)
            event.detail += f": {len(result.written)} of {result.total} written"
    except FolderNotWritable as problem:
        raise UserError(str(problem), "Nothing was written.") from None
    finally:
        database.close()
    if not result.total:
        print(f"No visits on {day:%d %b %Y}{where}: no team plan written.")
        return 0
    copies = "family copies of team plans" if args.family else "team plans"
    print(f"Wrote {len(result.written)} of {result.total} {copies} for {day:%d %b %Y}{where} to {result.folder}:")
    for path in result.written:
        print(f"  {path.name}")
    if not result.problems:
        return 0
    print(f"als-desktop: {len(result.problems)} team plan{'s' if len(result.problems) != 1 else ''} "
          "could not be written:", file=sys.stderr)
    for problem in result.problems:
        print(f"  {problem}", file=sys.stderr)
    if any(ALREADY_THERE in problem.what for problem in result.problems):
        print("Add --force to replace the team plans already in the folder.", file=sys.stderr)
    return USER_ERROR


__all__ = ["add_report_command", "run_report"]
