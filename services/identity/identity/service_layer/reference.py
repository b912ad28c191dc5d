"""Loading the official organisation lists (the shipped files, or an update in the
official formats) through the same rules as the operator's own registrations."""
from __future__ import annotations

from dataclasses import dataclass, field

from identity.domain import commands
from identity.domain.model import Organisation, OrganisationKind
from identity.domain.numbers import check_organisation_number
from identity.service_layer import access
from identity.service_layer.unit_of_work import IdentityUnitOfWork
from portal_kit.clock import Clock


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    unchanged: int = 0
    differing: list[tuple[str, str, str]] = field(default_factory=list)  # code, ours, theirs


def load_organisations(command: commands.LoadOrganisations, uow: IdentityUnitOfWork,
                       clock: Clock) -> LoadReport:
    report = LoadReport()
    with uow:
        access.require_operator(command.by, "organisations")
        for listed in command.listed:
            _load(uow, listed, command, clock, report)
        uow.commit()
    return report


def _load(uow: IdentityUnitOfWork, listed: commands.ListedOrganisation,
          command: commands.LoadOrganisations, clock: Clock, report: LoadReport) -> None:
    kind = OrganisationKind(listed.kind)
    known = uow.organisations.get_by_code(listed.country, kind, listed.code)
    if known is None:
        number = _free_number(uow, listed)
        uow.organisations.add(Organisation.register(
            name=listed.name, kind=kind, country=listed.country, code=listed.code,
            organisation_number=number, at=clock.now(), actor=command.by.subject))
        report.added.append(listed.code)
    elif known.name == listed.name:
        report.unchanged += 1
    elif command.update_names:
        known.rename(listed.name, clock.now(), command.by.subject)
        report.renamed.append(listed.code)
    else:
        report.differing.append((listed.code, known.name, listed.name))


def _free_number(uow: IdentityUnitOfWork, listed: commands.ListedOrganisation) -> str | None:
    """The listed number, unless another organisation holds it already."""
    if not listed.organisation_number:
        return None
    number = check_organisation_number(listed.country, listed.organisation_number)
    return None if uow.organisations.get_by_number(listed.country, number) else number


COMMAND_HANDLERS = {commands.LoadOrganisations: load_organisations}
