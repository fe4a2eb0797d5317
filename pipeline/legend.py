"""What a report's numbers mean, in words: the header of the text view and of the HTML report.

One wording for both, so the two reports never explain a number differently. The
thresholds come from the model (``scorer.flag_threshold``,
``scorer.model.credible_threshold``); without them the guide names them in words.
"""

from __future__ import annotations


def threshold_text(value: float | None, what: str) -> str:
    """A threshold as written in a header: its exact value (as the model card keeps it), or its name."""
    return f"the {what}" if value is None else f"{float(value)}"


def reading_guide(flag_threshold: float | None = None, credible_threshold: float | None = None,
                  *, why: str = "reasons") -> list[tuple[str, str]]:
    """``(term, meaning)`` pairs explaining credibility, the flag and the reasons.

    ``why`` is the word the report uses for its reasons (``"why"`` in the text view).
    """
    flag = threshold_text(flag_threshold, "model's flag threshold")
    credible = threshold_text(credible_threshold, "model's credible threshold")
    return [
        ("credibility", "1 - P(the sentence carries a misinformation signal), a calibrated probability; "
                        "higher is more credible"),
        ("flagged", f'credibility below {flag} flags a sentence, label "low", when a reason with evidence '
                    f'raised its risk (else "uncertain"); "credible" at or above {credible}, "uncertain" between'),
        (why, "signed contributions to the classifier's log-odds (one per signal, one for the learned "
              "wording with the words that carried it); a positive contribution lowers credibility"),
    ]


def signed(contribution: float) -> str:
    """A contribution as shown: sign and two decimals (``+0.47``)."""
    return f"{contribution:+.2f}"
