"""Renaming the parameters of another implementation by ordered rules.

A rule is ``(pattern, replacement)`` in ``re.sub`` form; the first rule
whose pattern matches a name renames it.
"""
import re
from typing import List, Tuple

__all__ = ['rename_by_rules']


def rename_by_rules(name: str, rules: List[Tuple[str, str]],
                    model: str) -> str:
    """``name`` renamed by the first matching rule.

    Args:
        name (str): A parameter name of the other implementation.
        rules (list[tuple[str, str]]): ``(pattern, replacement)`` pairs.
        model (str): The other implementation, for the error message.

    Raises:
        KeyError: No rule matches.
    """
    for pattern, replacement in rules:
        new, count = re.subn(pattern, replacement, name)
        if count:
            return new
    raise KeyError(f'unknown {model} parameter {name!r}')
