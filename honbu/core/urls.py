from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from honbu.core import views
from honbu.core.forms import PasswordResetForm

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/login/", login_not_required(views.LoginView.as_view()), name="login"),
    path("accounts/login/code/", views.login_code, name="login_code"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", views.account, name="account"),
    path("accounts/two-factor/", views.two_factor, name="two_factor"),
    path("accounts/tokens/", views.api_tokens, name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", views.revoke_api_token, name="revoke_api_token"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", login_not_required(auth_views.PasswordResetView.as_view(
            # django.contrib.auth ships registration/password_reset_subject.txt and comes first in INSTALLED_APPS.
            form_class=PasswordResetForm, subject_template_name="registration/password_reset_email_subject.txt",
        )), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        login_not_required(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        login_not_required(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/members/", views.members, name="members"),
    path("memberships/<int:pk>/remove/", views.remove_membership, name="remove_membership"),
    path("audit/", views.audit_log, name="audit_log"),
]
