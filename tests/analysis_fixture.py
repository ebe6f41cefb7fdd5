"""A small archive with scored forecasts, graded sources and related claims, shared
by the tests of forecasts, grades and lineage.

Forecasts and what they score (hand-computed; a term scores as its band's midpoint):

  Alice, "January outlook" (2025-01-10)
    jan-talks      likely (0.675)       occurred       (0.675 - 1)^2 = 0.105625
    jan-ceasefire  0.9                  did-not-occur  (0.9 - 0)^2   = 0.81
    jan-sanctions  unlikely (0.325)     did-not-occur  (0.325 - 0)^2 = 0.105625
    jan-summit     0.7                  ambiguous      not scored
    jan-aid        very likely          open, resolve by 2026-06-01
  Bob, "February outlook" (2025-02-01)
    feb-visit      0.625                occurred       (0.625 - 1)^2 = 0.140625
    feb-meeting    almost certain (0.97) occurred      (0.97 - 1)^2  = 0.0009
    feb-deal       no likelihood        occurred       not scored
    feb-truce      roughly even chance  open, resolve by 2026-03-01
    feb-vote       likely               open, no resolve_by

  Alice: (0.105625 + 0.81 + 0.105625) / 3 = 1.02125 / 3 = 0.340416...  -> 0.340
  Bob:   (0.140625 + 0.0009) / 2          = 0.141525 / 2 = 0.0707625   -> 0.071
  All:   1.162775 / 5 = 0.232555                                        -> 0.233

Calibration bands (scored forecasts only):
  unlikely       1: mean 32.5%, occurred 0%    (jan-sanctions)
  likely         2: mean 65%,   occurred 100%  (jan-talks 0.675, feb-visit 0.625)
  very likely    1: mean 90%,   occurred 0%    (jan-ceasefire 0.9)
  almost certain 1: mean 97%,   occurred 100%  (feb-meeting)
"""

from __future__ import annotations

JAN = "content/articles/2025-01-10-january-outlook.md"
FEB = "content/articles/2025-02-01-february-outlook.md"

ANALYSIS = {
    "briefgen.yaml": """
        title: Outlook desk
    """,
    JAN: """
        ---
        title: January outlook
        date: 2025-01-10
        author: Alice
        claims:
          - id: jan-talks
            quote: "Talks will resume"
            kind: forecast
            likelihood: likely
            resolve_by: 2025-03-01
            resolution: {outcome: occurred, date: 2025-02-20, note: "They resumed in Geneva."}
            sources:
              - source: wire
                credibility: 2
          - id: jan-ceasefire
            quote: "a ceasefire will hold"
            kind: forecast
            likelihood: 0.9
            resolution:
              outcome: did-not-occur
              date: 2025-03-15
              sources: [ministry]
          - id: jan-sanctions
            quote: "sanctions will be lifted"
            kind: forecast
            likelihood: unlikely
            resolution: {outcome: did-not-occur, date: 2025-04-01}
          - id: jan-summit
            quote: "a summit will be held"
            kind: forecast
            likelihood: 0.7
            resolution: {outcome: ambiguous, date: 2025-04-02, note: "A meeting, not a summit."}
          - id: jan-aid
            quote: "aid will be approved"
            kind: forecast
            likelihood: very likely
            resolve_by: 2026-06-01
          - id: jan-count
            quote: "Forty delegates attended"
            kind: fact
            status: verified
            sources:
              - source: wire
                credibility: 2
          - id: jan-mood
            quote: "the mood was tense"
            kind: assessment
            sources:
              - source: ministry
                credibility: 4
        ---
        Talks will resume. Experts say a ceasefire will hold, that sanctions will be lifted
        and that a summit will be held. In the spring aid will be approved.

        Forty delegates attended, and the mood was tense.
    """,
    FEB: """
        ---
        title: February outlook
        date: 2025-02-01
        author: Bob
        claims:
          - id: feb-visit
            quote: "The envoy will visit"
            kind: forecast
            likelihood: 0.625
            resolution: {outcome: occurred, date: 2025-02-10}
          - id: feb-meeting
            quote: "the ministers will meet"
            kind: forecast
            likelihood: almost certain
            resolution: {outcome: occurred, date: 2025-02-05}
          - id: feb-deal
            quote: "a deal will be signed"
            kind: forecast
            resolution: {outcome: occurred, date: 2025-05-01}
          - id: feb-truce
            quote: "a truce will be agreed"
            kind: forecast
            likelihood: roughly even chance
            resolve_by: 2026-03-01
          - id: feb-vote
            quote: "the vote will pass"
            kind: forecast
            likelihood: likely
          - id: feb-count
            quote: "Forty-two delegates attended"
            kind: fact
            status: verified
            relates:
              - {claim: "january-outlook#jan-count", as: corrects}
            sources: [ministry]
          - id: feb-mood
            quote: "the mood was calm"
            kind: assessment
            relates:
              - {claim: "january-outlook#jan-mood", as: contradicts}
          - id: feb-talks
            quote: "talks have resumed"
            kind: fact
            relates:
              - {claim: "january-outlook#jan-talks", as: supports}
              - {claim: "#feb-visit", as: repeats}
        ---
        The envoy will visit, and the ministers will meet. Some say a deal will be signed;
        others that a truce will be agreed. Observers expect the vote will pass.

        Forty-two delegates attended, not forty, and the mood was calm. In short, talks
        have resumed.
    """,
    "content/sources/wire.md": """
        ---
        title: Wire report
        publisher: A wire service
        reliability: B
        ---
        Graded B: a wire service with a long record of accurate reports.
    """,
    "content/sources/ministry.md": """
        ---
        title: Ministry statement
        reliability: D
        ---
    """,
    "content/sources/blog.md": """
        ---
        title: A blog post
        ---
    """,
}
