"""How a referral's risk assessment reads: the level, the tool and its score. Pure."""

from __future__ import annotations

from frontdoor.models import TOOL_MAX_SCORE, DashRisk, RiskTool

NOT_ASSESSED = "not assessed"


def level_word(level: DashRisk | None) -> str:
    return level.value if level is not None else NOT_ASSESSED


def assessment_text(
    tool: RiskTool, level: DashRisk | None, score: int | None, reason: str | None = None
) -> str:
    """E.g. "High (DASH-ACPO, 25 of 27)", "High (DARA)", "Not completed: victim declined"."""
    if tool == RiskTool.NOT_COMPLETED:
        words = "Risk assessment not completed"
        if level is not None:
            words += f"; graded {level.value} on professional judgement"
        return f"{words}: {reason}" if reason else words
    detail = tool.value
    highest = TOOL_MAX_SCORE.get(tool)
    if score is not None and highest is not None and tool != RiskTool.OTHER:
        detail += f", {score} of {highest}"
    elif score is not None:
        detail += f", score {score}"
    text = f"{level_word(level).capitalize()} ({detail})"
    return f"{text}. Professional judgement: {reason}" if reason else text
