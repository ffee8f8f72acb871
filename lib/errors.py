"""Named domain errors that the UI turns into clear messages."""


class DomainError(Exception):
    """A rule of the domain was broken; the message is shown to the user as it is.

    `field` names the input it is about; `problems` maps every input with a problem to its
    message, so a form can show them all at once, each next to its field."""

    field = None

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field
        self.problems = {field: message} if field else {}


class NotAllowed(DomainError):
    """The acting user may not do this."""


class NotYourFamily(NotAllowed):
    """A therapist asked for a family they are not linked to."""

    def __init__(self, family_id):
        super().__init__("This family is not on your caseload. Ask the clinic lead if you need access.")
        self.family_id = family_id


class NotFound(DomainError):
    """The record does not exist."""


class InvalidInput(DomainError):
    """A value the user typed cannot be saved; `field` names the input.

    Several problems found together: `InvalidInput.of({field: message, ...})`."""

    @classmethod
    def of(cls, problems):
        """Return one error carrying every field's problem (its field: the first of them)."""
        first, message = next(iter(problems.items()))
        many = len(problems) > 1
        exc = cls(
            f"{len(problems)} things to fix before saving: " + " ".join(problems.values())
            if many
            else message,
            field=first,
        )
        exc.problems = dict(problems)
        return exc


class LoginFailed(DomainError):
    """Wrong username or password, or the account is deactivated."""


class Conflict(DomainError):
    """Another user saved the same record a moment ago; nothing of this write was kept."""

    def __init__(self, message=None, field=None):
        super().__init__(
            message
            or "Someone else saved this a moment ago, so your change was not saved. "
            "The screen now shows the current version: check it and try again.",
            field=field,
        )


class StaleVersion(Conflict):
    """The record changed since the form showed it: repeating cannot help, the user must look again."""

    def __init__(self, what="This record", field=None):
        super().__init__(
            f"{what} was changed a moment ago by someone else, so your change was not saved. "
            "Here is the current version: check it and try again.",
            field=field,
        )


class StorageFailed(DomainError):
    """The disk under the database refused a write (full, or failing): nothing of it was kept."""

    DISK_FULL = (
        "The clinic computer's disk is full, so nothing of this change was saved. "
        "Tell the person who looks after that computer."
    )
    DISK_ERROR = (
        "The clinic computer could not write to its disk, so nothing of this change was saved. "
        "Tell the person who looks after that computer."
    )

    def __init__(self, full=True):
        super().__init__(self.DISK_FULL if full else self.DISK_ERROR)
        self.full = full
