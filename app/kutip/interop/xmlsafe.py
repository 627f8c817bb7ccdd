"""XML from exchange files, parsed as hostile input; XML text written so that any parser reads it.

Parsing goes through defusedxml with DTDs, entity declarations and external references all
forbidden: a REFI-QDA file needs none of them, and they are how XML bombs ("billion laughs")
and external-entity attacks (reading local files, reaching the network) work. Namespaces are
dropped on reading: tools write the project and codebook namespaces in several spellings (or
none), and every element name of QDA-XML is unambiguous without them.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from kutip.errors import FailureReason, ImportFailedError
from kutip.i18n import _

#: Characters XML 1.0 does not allow at all, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse_xml(name: str, data: bytes) -> Element:
    """The root element of ``data`` with namespaces removed from every tag.

    Raises ``ImportFailedError`` naming ``name`` for XML that is not well-formed or that
    declares a DTD, entities or external references.
    """
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ImportFailedError(
            _(
                "{name}: refused, the XML declares a DTD or entities, which exchange files "
                "never need and which can hide an XML bomb or read other files."
            ).format(name=name),
            FailureReason.REFUSED,
        ) from None
    except ParseError as error:
        raise ImportFailedError(
            _("{name}: this is not well-formed XML ({reason}).").format(name=name, reason=error),
            FailureReason.DAMAGED,
        ) from None
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = element.tag.split("}", 1)[1]
    return root


def local_name(element: Element) -> str:
    return str(element.tag)


def xml_text(value: str) -> str:
    """``value`` without the control characters XML cannot hold (they would make the file
    unreadable for every other tool)."""
    return _NOT_XML.sub("", value)
