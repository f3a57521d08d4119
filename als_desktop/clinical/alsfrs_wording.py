"""The standard wording of every ALSFRS-R item and option (Cedarbaum et al. 1999).

Forms show these so that a score is never entered blind.
"""

from __future__ import annotations

ITEM_TITLES: dict[str, str] = {
    "speech": "1. Speech",
    "salivation": "2. Salivation",
    "swallowing": "3. Swallowing",
    "handwriting": "4. Handwriting",
    "cutting_food": "5. Cutting food and handling utensils",
    "dressing_hygiene": "6. Dressing and hygiene",
    "turning_in_bed": "7. Turning in bed and adjusting bed clothes",
    "walking": "8. Walking",
    "climbing_stairs": "9. Climbing stairs",
    "dyspnea": "10. Dyspnea",
    "orthopnea": "11. Orthopnea",
    "respiratory_insufficiency": "12. Respiratory insufficiency",
}

OPTIONS: dict[str, dict[int, str]] = {
    "speech": {
        4: "Normal speech processes",
        3: "Detectable speech disturbance",
        2: "Intelligible with repeating",
        1: "Speech combined with nonvocal communication",
        0: "Loss of useful speech",
    },
    "salivation": {
        4: "Normal",
        3: "Slight but definite excess of saliva in mouth; may have nighttime drooling",
        2: "Moderately excessive saliva; may have minimal drooling",
        1: "Marked excess of saliva with some drooling",
        0: "Marked drooling; requires constant tissue or handkerchief",
    },
    "swallowing": {
        4: "Normal eating habits",
        3: "Early eating problems – occasional choking",
        2: "Dietary consistency changes",
        1: "Needs supplemental tube feeding",
        0: "NPO (exclusively parenteral or enteral feeding)",
    },
    "handwriting": {
        4: "Normal",
        3: "Slow or sloppy: all words are legible",
        2: "Not all words are legible",
        1: "Able to grip pen but unable to write",
        0: "Unable to grip pen",
    },
    "cutting_food_5a": {
        4: "Normal",
        3: "Somewhat slow and clumsy, but no help needed",
        2: "Can cut most foods, although clumsy and slow; some help needed",
        1: "Food must be cut by someone, but can still feed slowly",
        0: "Needs to be fed",
    },
    "cutting_food_5b": {
        4: "Normal",
        3: "Clumsy but able to perform all manipulations independently",
        2: "Some help needed with closures and fasteners",
        1: "Provides minimal assistance to caregiver",
        0: "Unable to perform any aspect of task",
    },
    "dressing_hygiene": {
        4: "Normal function",
        3: "Independent and complete self-care with effort or decreased efficiency",
        2: "Intermittent assistance or substitute methods",
        1: "Needs attendant for self-care",
        0: "Total dependence",
    },
    "turning_in_bed": {
        4: "Normal",
        3: "Somewhat slow and clumsy, but no help needed",
        2: "Can turn alone or adjust sheets, but with great difficulty",
        1: "Can initiate, but not turn or adjust sheets alone",
        0: "Helpless",
    },
    "walking": {
        4: "Normal",
        3: "Early ambulation difficulties",
        2: "Walks with assistance",
        1: "Non-ambulatory functional movement only",
        0: "No purposeful leg movement",
    },
    "climbing_stairs": {
        4: "Normal",
        3: "Slow",
        2: "Mild unsteadiness or fatigue",
        1: "Needs assistance",
        0: "Cannot do",
    },
    "dyspnea": {
        4: "None",
        3: "Occurs when walking",
        2: "Occurs with one or more of: eating, bathing, dressing (ADL)",
        1: "Occurs at rest: difficulty breathing when either sitting or lying",
        0: "Significant difficulty: considering using mechanical respiratory support",
    },
    "orthopnea": {
        4: "None",
        3: "Some difficulty sleeping at night due to shortness of breath; does not routinely use more than two pillows",
        2: "Needs extra pillows in order to sleep (more than two)",
        1: "Can only sleep sitting up",
        0: "Unable to sleep",
    },
    "respiratory_insufficiency": {
        4: "None",
        3: "Intermittent use of BiPAP",
        2: "Continuous use of BiPAP during the night",
        1: "Continuous use of BiPAP during the night and day",
        0: "Invasive mechanical ventilation by intubation or tracheostomy",
    },
}


def options_for(item: str, cutting_form: str = "5a") -> dict[int, str]:
    """Option wording for an item; item 5 depends on the form (5a without, 5b with gastrostomy)."""
    if item == "cutting_food":
        return OPTIONS[f"cutting_food_{cutting_form}"]
    return OPTIONS[item]
