"""Short citations shown beside every derived measure and prompt."""

from __future__ import annotations

ALSFRS_R = "Cedarbaum et al., J Neurol Sci 1999;169:13-21"
DELTA_FRS = "Kimura et al., Neurology 2006;66:265"
KINGS = "Balendra et al., ALS-FTD 2014;15:279-84"
MITOS = "Chiò et al., JNNP 2015;86:38-44"
WHO_BMI = "WHO BMI classification"
GUIDE = "ALS management guide (clinic seed)"
NICE_NG42 = "NICE NG42 (2016)"
CMS_L33800 = "US CMS LCD L33800"
EFNS_2012 = "EFNS guideline on ALS management, Eur J Neurol 2012"
RILUZOLE_SMPC = "Riluzole EU SmPC"
EDARAVONE_LABEL = "Radicava label"
TOFERSEN_LABEL = "Qalsody label"
IDDSI = "Cichero et al., Dysphagia 2017;32:293"
EAT10 = "Belafsky et al., 2008"
BALL_BEUKELMAN = "Ball & Beukelman"
