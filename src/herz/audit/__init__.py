"""``herz audit``: see a policy from the other side.

The article's central advice, made quantitative (Jervis 1976, ch. 3; Butterfield 1951; Glaser
1997): before acting, ask how a policy one believes benign looks from the other capitals, which
reactions it is likely to trigger, what it does for one's own security once they are counted,
and which variants keep most of its purpose while alarming others less. See
:func:`herz.audit.core.audit`.
"""

from __future__ import annotations

from herz.audit.core import AuditResult, Outcome, Purpose, Variant, audit
from herz.audit.policy import REPERTOIRE

__all__ = ["REPERTOIRE", "AuditResult", "Outcome", "Purpose", "Variant", "audit"]
