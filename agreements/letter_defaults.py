"""The default text of each kind of decision letter, in Danish and English: version 1 of the
templates (seeded by migration ``0005_letter_templates_seed``), and what a letter uses if its
template is missing. An administrator edits them on the template pages; the decision's figures,
the reasons, the legal basis and the complaint guidance are added by the letter itself
(``agreements/letters.py``), so a template need not repeat them.
"""

from __future__ import annotations

_SIGNATURE_DA = """Har du spørgsmål, er du velkommen til at kontakte mig på telefon {sagsbehandler_telefon} eller e-mail {sagsbehandler_email}.

Med venlig hilsen
{sagsbehandler_navn}
{kommune_navn}"""

_SIGNATURE_EN = """If you have any questions, please contact me by phone on {sagsbehandler_telefon} or by e-mail at {sagsbehandler_email}.

Kind regards
{sagsbehandler_navn}
{kommune_navn}"""

# (kind, language) -> (subject, body)
DEFAULT_TEMPLATES: dict[tuple[str, str], tuple[str, str]] = {
    ("grant", "da"): (
        "Afgørelse: Du får mentorstøtte",
        """Kære {borger_navn}

Vi har den {afgørelsesdato} besluttet, at du får {afgørelse}. Din mentor er {mentor_navn} ({mentortype}).

Støtten gælder fra {periode_start} til og med {periode_slut}, med {timer_pr_uge} timer om ugen (serviceniveau {serviceniveau}). {kontaktkrav}

Vi følger op på forløbet sammen med dig og din mentor: {opfølgningsdatoer}. Vi laver også en skriftlig aftale med dig om målet med støtten og om, hvad din mentor skal hjælpe dig med.

Afgørelsen er truffet efter {lovgrundlag}. Du kan læse begrundelsen og klagevejledningen nedenfor.

""" + _SIGNATURE_DA),
    ("grant", "en"): (
        "Decision: You will receive mentor support",
        """Dear {borger_navn}

On {afgørelsesdato} we decided that you will receive {afgørelse}. Your mentor is {mentor_navn} ({mentortype}).

The support runs from {periode_start} to {periode_slut} inclusive, with {timer_pr_uge} hours a week (service level {serviceniveau}). {kontaktkrav}

We will review the support together with you and your mentor: {opfølgningsdatoer}. We will also make a written agreement with you about the goal of the support and what your mentor will help you with.

The decision is made under {lovgrundlag}. You can read the reasons and how to complain below.

""" + _SIGNATURE_EN),
    ("rejection", "da"): (
        "Afgørelse: Afslag på mentorstøtte",
        """Kære {borger_navn}

Vi har den {afgørelsesdato} behandlet indstillingen om mentorstøtte til dig ({sagsnummer}). Vi har besluttet, at du ikke får mentorstøtte.

Vi har lagt vægt på: {begrundelse}

Du kan læse hele begrundelsen og de regler, vi har brugt, nedenfor. Er du uenig i afgørelsen, kan du klage. Sådan gør du, står i klagevejledningen sidst i brevet.

""" + _SIGNATURE_DA),
    ("rejection", "en"): (
        "Decision: Mentor support refused",
        """Dear {borger_navn}

On {afgørelsesdato} we considered the referral for mentor support for you ({sagsnummer}). We have decided that you will not receive mentor support.

We have given weight to the following: {begrundelse}

You can read the full reasons and the rules we applied below. If you disagree with the decision, you can complain. The complaint guidance at the end of this letter tells you how.

""" + _SIGNATURE_EN),
    ("extension", "da"): (
        "Afgørelse: Din mentorstøtte er forlænget",
        """Kære {borger_navn}

Vi har den {afgørelsesdato} besluttet at forlænge din mentorstøtte med en ny periode fra {periode_start} til og med {periode_slut}. Du får {afgørelse} med {timer_pr_uge} timer om ugen (serviceniveau {serviceniveau}). {kontaktkrav}

Vi har forlænget støtten, fordi: {begrundelse}

Vi følger op på forløbet sammen med dig og din mentor: {opfølgningsdatoer}. Du får en ny aftale om mentorstøtte for perioden.

Afgørelsen er truffet efter {lovgrundlag}. Du kan læse begrundelsen og klagevejledningen nedenfor.

""" + _SIGNATURE_DA),
    ("extension", "en"): (
        "Decision: Your mentor support has been extended",
        """Dear {borger_navn}

On {afgørelsesdato} we decided to extend your mentor support with a new period from {periode_start} to {periode_slut} inclusive. You will receive {afgørelse} with {timer_pr_uge} hours a week (service level {serviceniveau}). {kontaktkrav}

We have extended the support because: {begrundelse}

We will review the support together with you and your mentor: {opfølgningsdatoer}. You will receive a new agreement on mentor support for the period.

The decision is made under {lovgrundlag}. You can read the reasons and how to complain below.

""" + _SIGNATURE_EN),
    ("level_change", "da"): (
        "Afgørelse: Nyt omfang af din mentorstøtte",
        """Kære {borger_navn}

Vi har den {afgørelsesdato} besluttet at ændre omfanget af din mentorstøtte fra {gælder_fra}. Du får nu {timer_pr_uge} timer om ugen (serviceniveau {serviceniveau}) mod før {forrige_timer_pr_uge} timer om ugen (serviceniveau {forrige_serviceniveau}). Perioden slutter som hidtil {periode_slut}.

Vi har ændret støtten, fordi: {begrundelse}

Vi følger op på forløbet sammen med dig og din mentor: {opfølgningsdatoer}.

""" + _SIGNATURE_DA),
    ("level_change", "en"): (
        "Decision: New extent of your mentor support",
        """Dear {borger_navn}

On {afgørelsesdato} we decided to change the extent of your mentor support from {gælder_fra}. You will now receive {timer_pr_uge} hours a week (service level {serviceniveau}) instead of {forrige_timer_pr_uge} hours a week (service level {forrige_serviceniveau}). The period still ends on {periode_slut}.

We have changed the support because: {begrundelse}

We will review the support together with you and your mentor: {opfølgningsdatoer}.

""" + _SIGNATURE_EN),
    ("end", "da"): (
        "Afgørelse: Din mentorstøtte ophører",
        """Kære {borger_navn}

Vi har den {afgørelsesdato} besluttet, at din mentorstøtte ophører pr. {ophørsdato}. Støtten begyndte {periode_start}.

Årsagen er: {ophørsårsag}. {begrundelse}

Du kan læse begrundelsen og klagevejledningen nedenfor.

""" + _SIGNATURE_DA),
    ("end", "en"): (
        "Decision: Your mentor support ends",
        """Dear {borger_navn}

On {afgørelsesdato} we decided that your mentor support ends on {ophørsdato}. The support began on {periode_start}.

The reason is: {ophørsårsag}. {begrundelse}

You can read the reasons and how to complain below.

""" + _SIGNATURE_EN),
}
