"""How a signed-in person is loaded on each request."""

import weakref

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import connections, router

from honbu.core.models import Membership, Organisation, User

MEMBER_MODELS = (User, Membership, Organisation)


class MemberQuery:
    """One SELECT of a user with their membership and its organisation, every column of each, written once per
    database connection.

    The ORM builds the same join (`select_related("user", "organisation")`) anew each time, and compiling ~50
    columns costs about 0.5 ms of CPU, on every request, for a query whose text never changes.
    """

    def __init__(self, connection):
        quote = connection.ops.quote_name
        self.fields = {model: model._meta.concrete_fields for model in MEMBER_MODELS}
        self.attnames = {model: [field.attname for field in fields] for model, fields in self.fields.items()}
        columns = ", ".join(f"{quote(model._meta.db_table)}.{quote(field.column)}"
                            for model, fields in self.fields.items() for field in fields)

        def column(model, name):
            return f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(name).column)}"

        self.sql = (
            f"SELECT {columns} FROM {quote(Membership._meta.db_table)}"
            f" INNER JOIN {quote(User._meta.db_table)}"
            f" ON {column(User, User._meta.pk.name)} = {column(Membership, 'user')}"
            f" INNER JOIN {quote(Organisation._meta.db_table)}"
            f" ON {column(Organisation, Organisation._meta.pk.name)} = {column(Membership, 'organisation')}"
            f" WHERE {column(Membership, 'user')} = %s"
        )
        # What the ORM would do to each value on the way out (SQLite's dates and booleans; nothing on PostgreSQL).
        self.converters = []
        position = 0
        for fields in self.fields.values():
            for field in fields:
                col = field.get_col(field.model._meta.db_table)
                if found := connection.ops.get_db_converters(col) + col.get_db_converters(connection):
                    self.converters.append((position, found, col))
                position += 1

    def fetch(self, connection, user_id) -> Membership | None:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for position, converters, column in self.converters:
            for converter in converters:
                row[position] = converter(row[position], column, connection)
        instances, start = [], 0
        for model, attnames in self.attnames.items():
            instances.append(model.from_db(connection.alias, attnames, row[start:start + len(attnames)]))
            start += len(attnames)
        user, membership, organisation = instances
        membership.user, membership.organisation = user, organisation
        return membership


_queries = weakref.WeakKeyDictionary()


def membership_of(user_id) -> Membership | None:
    """The membership of this user, its `user` and `organisation` loaded with it, in one query."""
    connection = connections[router.db_for_read(User)]
    query = _queries.get(connection)
    if query is None:
        query = _queries[connection] = MemberQuery(connection)
    return query.fetch(connection, user_id)


class MembershipBackend(ModelBackend):
    """Django's model backend, loading the person with their membership and organisation in one query.

    Nearly every page asks for `user.membership` (the header's navigation, every gate), which otherwise costs a
    second query on each request after the one for the user.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and password is not None:
            # Wrong credentials: stop here, so that the plain ModelBackend listed after this one (it only keeps its
            # older sessions valid) does not hash the password a second time. Axes still counts the failure.
            raise PermissionDenied
        return user

    def get_user(self, user_id):
        membership = membership_of(user_id)
        if membership is None:  # people without an organisation (a superuser, say): the plain way
            user = super().get_user(user_id)
            if user is not None:
                user._membership_cache = None
            return user
        user = membership.user
        user._membership_cache = membership
        return user if self.user_can_authenticate(user) else None
