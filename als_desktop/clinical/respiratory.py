"""Respiratory criteria exactly as written in their sources (reference section 4)."""

from __future__ import annotations

from dataclasses import dataclass

from . import sources

MMHG_PER_KPA = 7.50062


def kpa_to_mmhg(kpa: float) -> float:
    return kpa * MMHG_PER_KPA


def mmhg_to_kpa(mmhg: float) -> float:
    return mmhg / MMHG_PER_KPA


@dataclass(frozen=True)
class Measures:
    fvc_percent: float | None = None
    snip_cmh2o: float | None = None
    mip_cmh2o: float | None = None  # positive magnitude
    spo2_percent: float | None = None
    co2_mmhg: float | None = None
    co2_arterial: bool = False
    overnight_minutes_le88: float | None = None
    oximetry_recording_hours: float | None = None
    peak_cough_flow_l_min: float | None = None


@dataclass(frozen=True)
class Criterion:
    met: bool
    reason: str
    source: str
    field: str = ""  # the Measures field it was read from (its date is shown beside it)


# NICE NG42 (2016)
NICE_FVC_PERCENT = 50.0
NICE_SNIP_CMH2O = 40.0
NICE_SPO2_PERCENT = 94.0
NICE_PACO2_KPA = 6.0

# US CMS LCD L33800: any one of these; boundaries strict as written.
CMS_FVC_PERCENT = 50.0
CMS_MIP_CMH2O = 60.0
CMS_PACO2_MMHG = 45.0
CMS_NOCTURNAL_SPO2 = 88.0
CMS_NOCTURNAL_MINUTES = 5.0
CMS_RECORDING_HOURS = 2.0

# Cough
COUGH_ASSIST_PCF = 270.0
INEFFECTIVE_COUGH_PCF = 160.0


def nice_niv_discussion(m: Measures) -> list[Criterion]:
    """FVC < 50 % or SNIP < 40 cmH₂O → discuss NIV and refer to respiratory services."""
    met: list[Criterion] = []
    if m.fvc_percent is not None and m.fvc_percent < NICE_FVC_PERCENT:
        met.append(Criterion(True, f"FVC {m.fvc_percent:g} % < {NICE_FVC_PERCENT:g} %", sources.NICE_NG42, "fvc_percent"))
    if m.snip_cmh2o is not None and m.snip_cmh2o < NICE_SNIP_CMH2O:
        met.append(Criterion(True, f"SNIP {m.snip_cmh2o:g} cmH₂O < {NICE_SNIP_CMH2O:g} cmH₂O", sources.NICE_NG42, "snip_cmh2o"))
    return met


def nice_blood_gas_needed(m: Measures) -> bool:
    """SpO₂ < 94 % (no lung disease) → arterial blood gas."""
    return m.spo2_percent is not None and m.spo2_percent < NICE_SPO2_PERCENT


def nice_urgent_specialist(m: Measures) -> bool:
    """PaCO₂ > 6 kPa → respiratory specialist within one week."""
    # Rounded so that 6.0 kPa entered, stored in mmHg and converted back is still 6.0.
    return m.co2_mmhg is not None and m.co2_arterial and round(mmhg_to_kpa(m.co2_mmhg), 3) > NICE_PACO2_KPA


def cms_niv_criteria(m: Measures) -> list[Criterion]:
    """CMS respiratory assist device criteria met (any one qualifies)."""
    met: list[Criterion] = []
    if m.fvc_percent is not None and m.fvc_percent < CMS_FVC_PERCENT:
        met.append(Criterion(True, f"FVC {m.fvc_percent:g} % < {CMS_FVC_PERCENT:g} %", sources.CMS_L33800, "fvc_percent"))
    if m.mip_cmh2o is not None and m.mip_cmh2o < CMS_MIP_CMH2O:
        met.append(Criterion(True, f"MIP {m.mip_cmh2o:g} cmH₂O < {CMS_MIP_CMH2O:g} cmH₂O", sources.CMS_L33800, "mip_cmh2o"))
    if m.co2_mmhg is not None and m.co2_arterial and m.co2_mmhg >= CMS_PACO2_MMHG:
        met.append(Criterion(True, f"PaCO₂ {m.co2_mmhg:g} mmHg ≥ {CMS_PACO2_MMHG:g} mmHg", sources.CMS_L33800, "co2_mmhg"))
    if (
        m.overnight_minutes_le88 is not None
        and m.oximetry_recording_hours is not None
        and m.oximetry_recording_hours >= CMS_RECORDING_HOURS
        and m.overnight_minutes_le88 >= CMS_NOCTURNAL_MINUTES
    ):
        met.append(Criterion(
            True,
            f"SpO₂ ≤ {CMS_NOCTURNAL_SPO2:g} % for {m.overnight_minutes_le88:g} min overnight",
            sources.CMS_L33800,
            "overnight_minutes_le88",
        ))
    return met


def cough_assist_indicated(pcf: float | None) -> bool:
    """PCF < 270 L/min → mechanical insufflation-exsufflation."""
    return pcf is not None and pcf < COUGH_ASSIST_PCF


def cough_ineffective(pcf: float | None) -> bool:
    """PCF < 160 L/min → ineffective cough, urgent respiratory physiotherapy."""
    return pcf is not None and pcf < INEFFECTIVE_COUGH_PCF
