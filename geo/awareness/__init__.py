"""Awareness targeting: which districts to reach, why, and in which language.

The report's recommendation 9 asks for media and community campaigns on the dangers of irregular
migration, with material in Urdu, Punjabi, Sindhi and other local languages (UNODC 2011, §3.1,
§9.2). This package ranks boundary districts by indicators the user weights, explains each
district's place with the report's citations, checks how stable the shortlist is, and lists the
languages, destinations and message themes that fit each district.

Modules: ``matching`` (names to districts), ``indicators`` (report roles), ``records``
(interception records), ``uploads`` (user files), ``scoring``, ``stability``, ``context``
(languages, themes, province context), ``takeaway`` (the ranked table), ``export`` (CSV/Excel),
``pipeline`` (assembly used by the page).
"""
