<#
.SYNOPSIS
    Exports what the Send From directory is built from: mailboxes, groups, recipients, group
    members, Send As, Full Access and Send on Behalf grants, from Exchange Online.

.DESCRIPTION
    Writes these files into -OutFolder (UTF-8 CSV, one header line, every field quoted):

      mailboxes.csv              Get-EXOMailbox (user, shared, room, equipment mailboxes)
      groups.csv                 Get-DistributionGroup, Get-DynamicDistributionGroup, Get-UnifiedGroup
                                 (with GroupType, which tells a mail-enabled security group from a
                                 distribution group: "Universal, SecurityEnabled", "Global"...)
      recipients.csv             Get-EXORecipient (resolves trustees given by name, alias, GUID,
                                 SamAccountName for DOMAIN\sAMAccountName trustees, and Sid
                                 from Get-User/Get-Group for trustees given as a SID...)
      group-members.csv          Get-DistributionGroupMember, Get-DynamicDistributionGroupMember,
                                 Get-UnifiedGroupLinks
      recipient-permissions.csv  Get-EXORecipientPermission (Send As)
      mailbox-permissions.csv    Get-EXOMailboxPermission (Full Access)
      export-info.csv            export time (UTC, ISO-8601), the tenant's default domain, and what could
                                 not be read (Unread: the build refuses such an export)

    Multi-valued properties (EmailAddresses, GrantSendOnBehalfTo, AccessRights) are joined with
    ";" before Export-Csv, which would otherwise write .NET type names instead of the values.
    Every Get- cmdlet runs with -ResultSize Unlimited (the default stops at 1000 objects).

    Each file is written under a temporary name and all are renamed at the end, so a failed run
    leaves the previous complete export in place.

    The script only reads. Rights needed, either of:
      - Microsoft Entra role "Global Reader", or
      - Exchange Online role group "View-Only Organization Management"
        (roles "View-Only Recipients" and "View-Only Configuration").
    If Get-EXORecipientPermission is refused with the role group, use Global Reader.

    Feed the folder to: npx send-from-admin build --in <OutFolder> --out <directory>

.PARAMETER OutFolder
    Folder to write the CSV files into. Created if missing; files of an earlier export in it are
    replaced.

.PARAMETER NoReplyAttribute
    Marks no-reply mailboxes (and groups) in the NoReply column: CustomAttributeN (any non-empty
    value) or CustomAttributeN=value (that value, case-insensitive). N is 1 to 15.

.PARAMETER UserPrincipalName
    Account to sign in with when there is no Exchange Online connection yet. To use app-only
    (certificate) authentication, run Connect-ExchangeOnline yourself first: an existing
    connection is reused.

.EXAMPLE
    .\Export-SendFromData.ps1 -OutFolder .\exports -UserPrincipalName admin@contoso.com

.EXAMPLE
    .\Export-SendFromData.ps1 -OutFolder .\exports -NoReplyAttribute CustomAttribute7=NoReply

.NOTES
    Requires PowerShell 5.1 or 7+, and the ExchangeOnlineManagement module 3.0 or later:
    Install-Module ExchangeOnlineManagement -Scope CurrentUser
    Exit code 0: complete. Exit code 1: failed, or some objects could not be read (listed as
    warnings); the files of the previous export are kept when the run failed.
#>
#Requires -Version 5.1
#Requires -Modules @{ ModuleName = 'ExchangeOnlineManagement'; ModuleVersion = '3.0.0' }

[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [ValidateNotNullOrEmpty()]
    [string] $OutFolder,

    [ValidatePattern('^CustomAttribute(1[0-5]|[1-9])(=.*)?$')]
    [string] $NoReplyAttribute,

    [ValidatePattern('^[^@\s]+@[^@\s]+$')]
    [string] $UserPrincipalName
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# Step names match what send-from-admin says when a file is missing or broken.
$Steps = [ordered]@{
    Mailboxes          = 'Mailboxes'
    Groups             = 'Groups'
    Recipients         = 'Recipients'
    GroupMembers       = 'Group members'
    SendAs             = 'Send As (recipient permissions)'
    FullAccess         = 'Full Access (mailbox permissions)'
    ExportInfo         = 'Export info'
}
$CustomAttributes = 1..15 | ForEach-Object { "CustomAttribute$_" }
$script:Warnings = 0
# What could not be read, for export-info.csv's Unread column (see Export info below).
$script:Unread = [System.Collections.Generic.List[string]]::new()
$temp = @{}

function Get-PropertyValue {
    # Strict mode throws on a missing property; group types do not all have the same ones.
    param([Parameter(Mandatory = $true)] $InputObject, [Parameter(Mandatory = $true)] [string] $Name)
    $property = $InputObject.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

function Join-Values {
    # Export-Csv cannot write lists; ";" is what send-from-admin splits on.
    param($Value)
    if ($null -eq $Value) { return '' }
    return (@($Value) | ForEach-Object { "$_".Trim() } | Where-Object { $_ -ne '' }) -join ';'
}

function ConvertTo-Flag {
    param($Value)
    if ($Value -eq $true) { return 'True' }
    return 'False'
}

$NoReplyProperty = $null
$NoReplyValue = $null
if ($NoReplyAttribute) {
    $parts = $NoReplyAttribute -split '=', 2
    $NoReplyProperty = $parts[0]
    if ($parts.Count -gt 1) { $NoReplyValue = $parts[1].Trim() }
}

function Test-NoReply {
    param($InputObject)
    if (-not $NoReplyProperty) { return 'False' }
    $value = "$(Get-PropertyValue $InputObject $NoReplyProperty)".Trim()
    if ($null -eq $NoReplyValue) { return ConvertTo-Flag ($value -ne '') }
    return ConvertTo-Flag ($value -ieq $NoReplyValue)
}

function Write-Step {
    param([string] $Activity, [string] $Status, [int] $Done = 0, [int] $Total = 0)
    if ($Total -gt 0) {
        Write-Progress -Id 1 -Activity $Activity -Status $Status -PercentComplete ([Math]::Min(100, [int](100 * $Done / $Total)))
    }
    else {
        Write-Progress -Id 1 -Activity $Activity -Status $Status
    }
}

function Export-Rows {
    # Every file goes through here: one place for -NoTypeInformation -Encoding UTF8. Rows stream
    # to Export-Csv (a million permission entries must not sit in memory). With no rows at all
    # Export-Csv writes no file, so the header is written by hand: an empty file is an answer,
    # a missing one is an error for send-from-admin.
    param(
        [Parameter(ValueFromPipeline = $true)] $Row,
        [Parameter(Mandatory = $true)] [string] $Path,
        [Parameter(Mandatory = $true)] [string[]] $Header
    )
    begin {
        $count = 0
        $pipeline = { Export-Csv -LiteralPath $Path -NoTypeInformation -Encoding UTF8 }.GetSteppablePipeline()
        $pipeline.Begin($true)
    }
    process {
        if ($null -ne $Row) {
            $count++
            $pipeline.Process($Row)
        }
    }
    end {
        $pipeline.End()
        if ($count -eq 0) {
            ('"' + ($Header -join '","') + '"') | Set-Content -LiteralPath $Path -Encoding UTF8
        }
    }
}

try {
    $null = New-Item -ItemType Directory -Path $OutFolder -Force
    $OutFolder = (Resolve-Path -LiteralPath $OutFolder).ProviderPath
    $startedUtc = [DateTime]::UtcNow
    function Get-TempPath([string] $Name) {
        $path = Join-Path $OutFolder "$Name.partial"
        $temp[$Name] = $path
        return $path
    }

    # Reuse a connection made beforehand (e.g. app-only); otherwise sign in interactively.
    $connected = $false
    try {
        $connected = @(Get-ConnectionInformation | Where-Object { $_.State -eq 'Connected' }).Count -gt 0
    }
    catch {
        $connected = $false
    }
    if (-not $connected) {
        $connect = @{ ShowBanner = $false }
        if ($UserPrincipalName) { $connect.UserPrincipalName = $UserPrincipalName }
        Connect-ExchangeOnline @connect
    }

    # --- Mailboxes ----------------------------------------------------------------------------
    Write-Step $Steps.Mailboxes 'Reading mailboxes (this can take a while)'
    $mailboxes = @(Get-EXOMailbox -ResultSize Unlimited -PropertySets Minimum, Delivery, AddressList, Custom -Properties SamAccountName `
            -RecipientTypeDetails UserMailbox, SharedMailbox, RoomMailbox, EquipmentMailbox, SchedulingMailbox)
    $upnByObjectId = @{}
    $i = 0
    $mailboxes | ForEach-Object {
        $i++
        if ($i % 500 -eq 0) { Write-Step $Steps.Mailboxes "$i of $($mailboxes.Count) mailboxes" $i $mailboxes.Count }
        $upnByObjectId["$($_.ExternalDirectoryObjectId)"] = "$($_.UserPrincipalName)"
        $row = [ordered]@{
            DisplayName                       = "$($_.DisplayName)"
            PrimarySmtpAddress                = "$($_.PrimarySmtpAddress)"
            RecipientTypeDetails              = "$($_.RecipientTypeDetails)"
            Identity                          = "$($_.Identity)"
            Name                              = "$($_.Name)"
            Alias                             = "$($_.Alias)"
            ExternalDirectoryObjectId         = "$($_.ExternalDirectoryObjectId)"
            UserPrincipalName                 = "$($_.UserPrincipalName)"
            SamAccountName                    = "$(Get-PropertyValue $_ 'SamAccountName')"
            EmailAddresses                    = Join-Values $_.EmailAddresses
            GrantSendOnBehalfTo               = Join-Values $_.GrantSendOnBehalfTo
            MessageCopyForSentAsEnabled       = ConvertTo-Flag $_.MessageCopyForSentAsEnabled
            MessageCopyForSendOnBehalfEnabled = ConvertTo-Flag $_.MessageCopyForSendOnBehalfEnabled
            HiddenFromAddressListsEnabled     = ConvertTo-Flag $_.HiddenFromAddressListsEnabled
            NoReply                           = Test-NoReply $_
        }
        foreach ($name in $CustomAttributes) { $row[$name] = "$(Get-PropertyValue $_ $name)" }
        [pscustomobject]$row
    } | Export-Rows -Path (Get-TempPath 'mailboxes.csv') -Header (@('DisplayName', 'PrimarySmtpAddress',
            'RecipientTypeDetails', 'Identity', 'Name', 'Alias', 'ExternalDirectoryObjectId', 'UserPrincipalName',
            'SamAccountName', 'EmailAddresses', 'GrantSendOnBehalfTo', 'MessageCopyForSentAsEnabled', 'MessageCopyForSendOnBehalfEnabled',
            'HiddenFromAddressListsEnabled', 'NoReply') + $CustomAttributes)

    # --- Groups -------------------------------------------------------------------------------
    Write-Step $Steps.Groups 'Reading distribution, security, dynamic and Microsoft 365 groups'
    $groups = @(Get-DistributionGroup -ResultSize Unlimited) +
    @(Get-DynamicDistributionGroup -ResultSize Unlimited) +
    @(Get-UnifiedGroup -ResultSize Unlimited)
    $groups | ForEach-Object {
        # Get-DistributionGroup's GroupType ("Universal, SecurityEnabled", "Global"...): the only
        # property that tells a mail-enabled security group from a distribution group when
        # RecipientTypeDetails does not (MailNonUniversalGroup is either). Empty for dynamic and
        # Microsoft 365 groups, whose type says what they are.
        $groupType = ''
        if ("$($_.RecipientTypeDetails)" -notin @('DynamicDistributionGroup', 'GroupMailbox')) {
            $groupType = "$(Get-PropertyValue $_ 'GroupType')"
        }
        $row = [ordered]@{
            DisplayName                   = "$($_.DisplayName)"
            PrimarySmtpAddress            = "$($_.PrimarySmtpAddress)"
            RecipientTypeDetails          = "$($_.RecipientTypeDetails)"
            GroupType                     = $groupType
            Identity                      = "$($_.Identity)"
            Name                          = "$($_.Name)"
            Alias                         = "$($_.Alias)"
            ExternalDirectoryObjectId     = "$(Get-PropertyValue $_ 'ExternalDirectoryObjectId')"
            EmailAddresses                = Join-Values $_.EmailAddresses
            GrantSendOnBehalfTo           = Join-Values (Get-PropertyValue $_ 'GrantSendOnBehalfTo')
            HiddenFromAddressListsEnabled = ConvertTo-Flag (Get-PropertyValue $_ 'HiddenFromAddressListsEnabled')
            NoReply                       = Test-NoReply $_
        }
        foreach ($name in $CustomAttributes) { $row[$name] = "$(Get-PropertyValue $_ $name)" }
        [pscustomobject]$row
    } | Export-Rows -Path (Get-TempPath 'groups.csv') -Header (@('DisplayName', 'PrimarySmtpAddress',
            'RecipientTypeDetails', 'GroupType', 'Identity', 'Name', 'Alias', 'ExternalDirectoryObjectId',
            'EmailAddresses', 'GrantSendOnBehalfTo', 'HiddenFromAddressListsEnabled', 'NoReply') + $CustomAttributes)

    # --- Recipients ---------------------------------------------------------------------------
    # Trustees come as UPN, alias, display name, Name (often a GUID since 2022) or object id;
    # this file lets the build resolve each to a primary SMTP address.
    Write-Step $Steps.Recipients 'Reading recipients'
    # Get-EXORecipient has no SID; Get-User and Get-Group do. With a Sid on every recipient, a
    # trustee SID that none has is proven gone (an orphaned SID after a deletion) instead of
    # being reported as a lost right the admin must check by hand.
    $sidByObjectId = @{}
    $principals = @(Get-User -ResultSize Unlimited)
    $principals += @(Get-Group -ResultSize Unlimited)
    foreach ($principal in $principals) {
        $sid = "$(Get-PropertyValue $principal 'Sid')"
        $id = "$(Get-PropertyValue $principal 'ExternalDirectoryObjectId')"
        if ($sid -and $id) { $sidByObjectId[$id] = $sid }
        # Every user's UPN, not only mailboxes': a mail user or guest named by UPN in a
        # permission row resolves through it (rev11q finding 6: only mailboxes carried one).
        $upn = "$(Get-PropertyValue $principal 'UserPrincipalName')"
        if ($upn -and $id -and -not $upnByObjectId.ContainsKey($id)) { $upnByObjectId[$id] = $upn }
    }
    $i = 0
    Get-EXORecipient -ResultSize Unlimited -PropertySets Minimum -Properties Alias, DisplayName, PrimarySmtpAddress, EmailAddresses, SamAccountName |
        ForEach-Object {
            $i++
            if ($i % 1000 -eq 0) { Write-Step $Steps.Recipients "$i recipients" }
            $objectId = "$(Get-PropertyValue $_ 'ExternalDirectoryObjectId')"
            [pscustomobject][ordered]@{
                Identity                  = "$(Get-PropertyValue $_ 'Identity')"
                Name                      = "$(Get-PropertyValue $_ 'Name')"
                Alias                     = "$(Get-PropertyValue $_ 'Alias')"
                DisplayName               = "$(Get-PropertyValue $_ 'DisplayName')"
                PrimarySmtpAddress        = "$(Get-PropertyValue $_ 'PrimarySmtpAddress')"
                ExternalDirectoryObjectId = $objectId
                RecipientTypeDetails      = "$(Get-PropertyValue $_ 'RecipientTypeDetails')"
                UserPrincipalName         = "$($upnByObjectId[$objectId])"
                EmailAddresses            = Join-Values (Get-PropertyValue $_ 'EmailAddresses')
                # Trustees shown as DOMAIN\sAMAccountName match it. A name matching none is not proven
                # deleted (the build reports it as a lost right to check): only a SID is.
                SamAccountName            = "$(Get-PropertyValue $_ 'SamAccountName')"
                Sid                       = "$($sidByObjectId[$objectId])"
            }
        } | Export-Rows -Path (Get-TempPath 'recipients.csv') -Header @('Identity', 'Name', 'Alias', 'DisplayName',
            'PrimarySmtpAddress', 'ExternalDirectoryObjectId', 'RecipientTypeDetails', 'UserPrincipalName', 'EmailAddresses',
            'SamAccountName', 'Sid')

    # --- Group members ------------------------------------------------------------------------
    # Rights granted to a group belong to its members; the build expands nested groups itself.
    $i = 0
    & {
        foreach ($group in $groups) {
            $i++
            Write-Step $Steps.GroupMembers "$($group.PrimarySmtpAddress)" $i $groups.Count
            $identity = "$($group.PrimarySmtpAddress)"
            try {
                switch ("$($group.RecipientTypeDetails)") {
                    'GroupMailbox' { $members = @(Get-UnifiedGroupLinks -Identity $identity -LinkType Members -ResultSize Unlimited) }
                    'DynamicDistributionGroup' { $members = @(Get-DynamicDistributionGroupMember -Identity $identity -ResultSize Unlimited) }
                    default { $members = @(Get-DistributionGroupMember -Identity $identity -ResultSize Unlimited) }
                }
            }
            catch {
                $script:Warnings++
                $script:Unread.Add("the members of $identity")
                Write-Warning "Could not read the members of $identity : $($_.Exception.Message)"
                continue
            }
            foreach ($member in $members) {
                $address = "$(Get-PropertyValue $member 'PrimarySmtpAddress')"
                if ($address) {
                    [pscustomobject][ordered]@{
                        GroupPrimarySmtpAddress  = $identity
                        MemberPrimarySmtpAddress = $address
                    }
                }
                else {
                    # A member without mail (a security group synced from AD, nested in this one)
                    # holds the group's rights through its own members, which this export cannot
                    # list: recorded in export-info.csv so the build reports the loss (rev11o 8).
                    $script:Unread.Add("the members of $(Get-PropertyValue $member 'Name') (no mail address), a member of $identity")
                }
            }
        }
    } | Export-Rows -Path (Get-TempPath 'group-members.csv') -Header @('GroupPrimarySmtpAddress', 'MemberPrimarySmtpAddress')

    # --- Send As ------------------------------------------------------------------------------
    Write-Step $Steps.SendAs 'Reading Send As permissions of all recipients'
    $i = 0
    Get-EXORecipientPermission -ResultSize Unlimited | ForEach-Object {
        $i++
        if ($i % 1000 -eq 0) { Write-Step $Steps.SendAs "$i entries" }
        [pscustomobject][ordered]@{
            Identity          = "$($_.Identity)"
            Trustee           = "$($_.Trustee)"
            AccessControlType = "$($_.AccessControlType)"
            AccessRights      = Join-Values $_.AccessRights
            IsInherited       = ConvertTo-Flag $_.IsInherited
            InheritanceType   = "$($_.InheritanceType)"
            TrusteeSidString  = "$(Get-PropertyValue $_ 'TrusteeSidString')"
        }
    } | Export-Rows -Path (Get-TempPath 'recipient-permissions.csv') -Header @('Identity', 'Trustee',
        'AccessControlType', 'AccessRights', 'IsInherited', 'InheritanceType', 'TrusteeSidString')

    # --- Full Access --------------------------------------------------------------------------
    # Read per mailbox; Identity is written as the mailbox's primary address, which resolves
    # without ambiguity. SELF, inherited and Deny entries are kept: the build filters them.
    $i = 0
    & {
        foreach ($mailbox in $mailboxes) {
            $i++
            if ($i % 20 -eq 0 -or $i -eq $mailboxes.Count) {
                Write-Step $Steps.FullAccess "$i of $($mailboxes.Count) mailboxes" $i $mailboxes.Count
            }
            $address = "$($mailbox.PrimarySmtpAddress)"
            try {
                $entries = @(Get-EXOMailboxPermission -ExternalDirectoryObjectId "$($mailbox.ExternalDirectoryObjectId)" -ResultSize Unlimited)
            }
            catch {
                $script:Warnings++
                $script:Unread.Add("the Full Access entries of $address")
                Write-Warning "Could not read the Full Access entries of $address : $($_.Exception.Message)"
                continue
            }
            foreach ($entry in $entries) {
                [pscustomobject][ordered]@{
                    Identity        = $address
                    User            = "$($entry.User)"
                    AccessRights    = Join-Values $entry.AccessRights
                    IsInherited     = ConvertTo-Flag $entry.IsInherited
                    Deny            = ConvertTo-Flag $entry.Deny
                    InheritanceType = "$($entry.InheritanceType)"
                    UserSid         = "$(Get-PropertyValue $entry 'UserSid')"
                }
            }
        }
    } | Export-Rows -Path (Get-TempPath 'mailbox-permissions.csv') -Header @('Identity', 'User', 'AccessRights',
        'IsInherited', 'Deny', 'InheritanceType', 'UserSid')

    # --- Export info --------------------------------------------------------------------------
    Write-Step $Steps.ExportInfo 'Writing export-info.csv'
    $defaultDomain = Get-AcceptedDomain -ResultSize Unlimited | Where-Object { $_.Default -eq $true } | Select-Object -First 1
    [pscustomobject][ordered]@{
        GeneratedAt   = $startedUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [Globalization.CultureInfo]::InvariantCulture)
        DefaultDomain = "$(if ($defaultDomain) { $defaultDomain.DomainName })"
        ModuleVersion = "$((Get-Module ExchangeOnlineManagement | Select-Object -First 1).Version)"
        # What could not be read (rights unknown), so the build refuses an incomplete export
        # rather than publish it as whole (rev11o finding 6); empty when everything was read.
        Unread        = ($script:Unread -join ';')
    } | Export-Rows -Path (Get-TempPath 'export-info.csv') -Header @('GeneratedAt', 'DefaultDomain', 'ModuleVersion', 'Unread')

    # All files exist now: replace the previous export in one go.
    foreach ($name in $temp.Keys) {
        Move-Item -LiteralPath $temp[$name] -Destination (Join-Path $OutFolder $name) -Force
    }
    Write-Progress -Id 1 -Activity 'Send From export' -Completed
    Write-Host "Exported $($mailboxes.Count) mailboxes and $($groups.Count) groups to $OutFolder"
    if ($script:Warnings -gt 0) {
        Write-Warning "$($script:Warnings) object(s) could not be read (see the warnings above): their grants are missing from this export."
        exit 1
    }
    exit 0
}
catch {
    Write-Progress -Id 1 -Activity 'Send From export' -Completed
    foreach ($path in @($temp.Values)) { Remove-Item -LiteralPath $path -ErrorAction SilentlyContinue }
    Write-Error -ErrorAction Continue "Export failed: $($_.Exception.Message). The previous export in $OutFolder is unchanged."
    exit 1
}
